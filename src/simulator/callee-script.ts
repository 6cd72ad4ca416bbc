import { SIMULATED_ERROR_CODES } from './twilio-errors.js'
import { ANSWERED_BY, CALLEE_BEHAVIORS, type AnsweredBy, type CalleeBehavior, type CalleeScript } from './types.js'

const E164 = /^\+[1-9]\d{1,14}$/

export function isE164(value: string): boolean {
  return E164.test(value)
}

/** Anyone not scripted picks up after a short ring and confirms with 1. */
export const DEFAULT_CALLEE: Readonly<CalleeScript> = Object.freeze({
  behavior: 'answer',
  presses: ['1'],
  ring_seconds: 2,
  talk_seconds: 5,
  drop_callbacks: false,
  interactive: false,
  error_code: null,
  answered_by: null,
})

const FIELDS = new Set(Object.keys(DEFAULT_CALLEE))

/** A machine answers: it never presses a key (and machine detection says so, unless scripted otherwise). */
export function isMachineCallee(script: Pick<CalleeScript, 'behavior' | 'answered_by'>): boolean {
  const verdict = script.answered_by
  if (verdict !== null) return verdict.startsWith('machine') || verdict === 'fax'
  return script.behavior === 'machine'
}

const SILENCE = 'silence'
const PRESS = /^[0-9*#]*$/
const KEYS = /^[0-9*#]{1,32}$/

/** What a person can type on a keypad in one go. */
export function isKeys(value: unknown): value is string {
  return typeof value === 'string' && KEYS.test(value)
}

export function isSilentPress(press: string | undefined): boolean {
  return press === undefined || press === '' || press === SILENCE
}

export type ParsedCalleeScript =
  | { ok: true; script: CalleeScript }
  | { ok: false; fields: Record<string, string> }

/** Validates a PUT body; omitted fields take the defaults, so `{"behavior":"busy"}` is enough. */
export function parseCalleeScript(body: unknown): ParsedCalleeScript {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, fields: { body: 'must be a JSON object' } }
  }
  const input = body as Record<string, unknown>
  const fields: Record<string, string> = {}
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) fields[key] = 'is not a known field'
  const script: CalleeScript = { ...DEFAULT_CALLEE, presses: [...DEFAULT_CALLEE.presses] }

  if (input.behavior !== undefined) {
    if (CALLEE_BEHAVIORS.includes(input.behavior as CalleeBehavior)) script.behavior = input.behavior as CalleeBehavior
    else fields.behavior = `must be one of ${CALLEE_BEHAVIORS.join(', ')}`
  }
  if (input.presses !== undefined) {
    const presses = Array.isArray(input.presses) ? input.presses.map((p) => (typeof p === 'number' ? String(p) : p)) : null
    if (presses?.every((p) => typeof p === 'string' && (p === SILENCE || PRESS.test(p)))) {
      script.presses = presses as string[]
    } else {
      fields.presses = "must be an array of digit strings (0-9, *, #), '' or 'silence'"
    }
  }
  for (const key of ['ring_seconds', 'talk_seconds'] as const) {
    const value = input[key]
    if (value === undefined) continue
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 3600) script[key] = value
    else fields[key] = 'must be a number of seconds between 0 and 3600'
  }
  for (const key of ['drop_callbacks', 'interactive'] as const) {
    const value = input[key]
    if (value === undefined) continue
    if (typeof value === 'boolean') script[key] = value
    else fields[key] = 'must be a boolean'
  }
  if (input.error_code !== undefined) {
    if (input.error_code === null || SIMULATED_ERROR_CODES.includes(input.error_code as number)) script.error_code = input.error_code as number | null
    else fields.error_code = `must be null or one of ${SIMULATED_ERROR_CODES.join(', ')}`
  }
  if (input.answered_by !== undefined) {
    if (input.answered_by === null || ANSWERED_BY.includes(input.answered_by as AnsweredBy)) script.answered_by = input.answered_by as AnsweredBy | null
    else fields.answered_by = `must be null or one of ${ANSWERED_BY.join(', ')}`
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, script }
}
