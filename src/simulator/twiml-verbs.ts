import { isE164, isMachineCallee } from './callee-script.js'
import type { CallSession } from './call-session.js'
import { newSid } from './sids.js'
import { API_VERSION } from './twilio-json.js'
import type { CalleeScript, WebhookKind } from './types.js'
import { childElements, textOf, type XmlElement } from './xml.js'

/** What the call does after a verb. */
export type VerbOutcome =
  | { next: 'continue' }
  | { next: 'end'; reason: string }
  | {
    next: 'fetch'; kind: WebhookKind; url: string; method: 'GET' | 'POST'; params: Record<string, string>
    /** the callee hung up as they pressed: the call ends first, this request follows it (chaos) */
    afterHangup?: boolean
  }

export interface VerbContext {
  session: CallSession
  /** URL of the document being executed: the default `action` and the base for relative URLs. */
  documentUrl: string
  scriptFor: (number: string) => CalleeScript
  sendSms: (o: { to: string; from: string; body: string; statusCallback: string | null }) => { sid: string; status: string }
}

type Verb = (ctx: VerbContext, el: XmlElement) => Promise<VerbOutcome>

const CONTINUE: VerbOutcome = { next: 'continue' }

// Twilio's documented TwiML defaults (twilio.com/docs/voice/twiml).
const GATHER_TIMEOUT = 5
const RECORD_TIMEOUT = 5
const RECORD_MAX_LENGTH = 3600
const DIAL_TIMEOUT = 30
// Durations the simulator invents for things it cannot measure.
const SECONDS_PER_WORD = 0.4
const AUDIO_CLIP_SECONDS = 3
const KEYPRESS_SECONDS = 1

function applicationError(ctx: VerbContext, message: string): VerbOutcome {
  ctx.session.note({ kind: 'error', text: message })
  return { next: 'end', reason: 'application error' }
}

/** A non-negative numeric attribute, or Twilio's default when it is missing or nonsense. */
function numeric(value: string | undefined, fallback: number): number {
  const n = value === undefined ? NaN : Number(value)
  return Number.isFinite(n) && n >= 0 ? n : fallback
}

function method(value: string | undefined): 'GET' | 'POST' {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST'
}

function resolve(ctx: VerbContext, ref: string | undefined): string {
  return new URL(ref ?? ctx.documentUrl, ctx.documentUrl).toString()
}

function fetchAction(ctx: VerbContext, el: XmlElement, kind: WebhookKind, params: Record<string, string>): VerbOutcome {
  return { next: 'fetch', kind, url: resolve(ctx, el.attrs.action), method: method(el.attrs.method), params }
}

const say: Verb = async ({ session }, el) => {
  const text = textOf(el)
  const loops = Math.max(1, numeric(el.attrs.loop, 1))
  session.note({ kind: 'say', text })
  await session.sleep(Math.max(1, text.split(/\s+/).length * SECONDS_PER_WORD) * loops)
  return CONTINUE
}

const play: Verb = async ({ session }, el) => {
  const digits = el.attrs.digits
  const url = textOf(el)
  session.note({ kind: 'play', ...(url !== '' && { url }), ...(digits !== undefined && { digits }) })
  await session.sleep(AUDIO_CLIP_SECONDS * Math.max(1, numeric(el.attrs.loop, 1)))
  return CONTINUE
}

const pause: Verb = async ({ session }, el) => {
  const seconds = numeric(el.attrs.length, 1)
  session.note({ kind: 'pause', seconds })
  await session.sleep(seconds)
  return CONTINUE
}

const promptVerbs: Record<string, Verb> = { Say: say, Play: play, Pause: pause }

/** Splits a scripted press the way a keypad session would end: at finishOnKey, or after numDigits. */
function collectDigits(press: string, finishOnKey: string, numDigits: number): { digits: string; finishedOnKey: boolean } {
  const stop = finishOnKey === '' ? -1 : press.indexOf(finishOnKey)
  const typed = stop < 0 ? press : press.slice(0, stop)
  return { digits: numDigits > 0 ? typed.slice(0, numDigits) : typed, finishedOnKey: stop >= 0 }
}

const gather: Verb = async (ctx, el) => {
  const { session } = ctx
  const timeout = numeric(el.attrs.timeout, GATHER_TIMEOUT)
  session.note({ kind: 'gather', text: `listening for keys (timeout ${timeout}s)` })
  for (const child of childElements(el)) {
    const prompt = promptVerbs[child.name]
    if (prompt === undefined) return applicationError(ctx, `<${child.name}> is not allowed inside <Gather>`)
    await prompt(ctx, child)
  }

  const person = isPerson(session)
  if (person) session.live({ kind: 'listening', text: 'keys', seconds: timeout })
  // A person's keys already took real time to arrive; a scripted callee's are simulated.
  const press = person ? await session.waitForPress(timeout) : session.nextPress()
  const finishOnKey = el.attrs.finishOnKey ?? '#'
  const { digits, finishedOnKey } = collectDigits(press ?? '', finishOnKey, numeric(el.attrs.numDigits, 0))
  if (press !== undefined) {
    if (!person) await session.sleep(KEYPRESS_SECONDS)
    session.note({ kind: 'press', digits: press })
  }
  if (digits !== '') {
    const action = fetchAction(ctx, el, 'gather', { Digits: digits, ...(finishedOnKey && { FinishedOnKey: finishOnKey }) })
    return !person && session.disorder.hangsUpAfterPress() ? { ...action, afterHangup: true } : action
  }
  // Pressing only the finish key ends the Gather at once; silence waits out the timeout.
  if (press === undefined) {
    if (!person) await session.sleep(timeout)
    session.note({ kind: 'gather', text: 'no input (timeout)' })
  }
  if (el.attrs.actionOnEmptyResult === 'true') return fetchAction(ctx, el, 'gather', { Digits: '' })
  return CONTINUE
}

/** A person answering with `tocsin phone`, rather than a scripted callee. */
function isPerson(session: CallSession): boolean {
  return session.callee.interactive && !isMachineCallee(session.callee)
}

/**
 * Nobody can speak into a terminal, so a person "talks" until they press a key (the recording
 * lasts as long as they took); staying silent for the timeout leaves an empty recording.
 */
async function personSpeaks(session: CallSession, timeout: number, maxLength: number): Promise<number> {
  const started = Date.now()
  session.live({ kind: 'listening', text: 'recording', seconds: timeout })
  const press = await session.waitForPress(timeout)
  if (press === undefined) return 0
  session.note({ kind: 'press', digits: press })
  return Math.min(maxLength, Math.max(1, (Date.now() - started) / 1000))
}

const record: Verb = async (ctx, el) => {
  const { session } = ctx
  const { call, setup, callee } = session
  const timeout = numeric(el.attrs.timeout, RECORD_TIMEOUT)
  const maxLength = numeric(el.attrs.maxLength, RECORD_MAX_LENGTH)
  let spoken: number
  if (isPerson(session)) {
    spoken = await personSpeaks(session, timeout, maxLength)
  } else {
    spoken = isMachineCallee(callee) ? 0 : Math.min(callee.talk_seconds, maxLength)
    // The callee speaks, then the silence timeout ends the recording.
    await session.sleep(spoken + timeout)
  }
  if (spoken === 0) {
    // Twilio does not request the action for an empty recording; it moves on to the next verb.
    session.note({ kind: 'record', text: 'empty recording (silence)', seconds: 0 })
    return CONTINUE
  }
  const sid = newSid('RE')
  const url = `${setup.apiBase}/${API_VERSION}/Accounts/${call.accountSid}/Recordings/${sid}`
  const duration = String(Math.ceil(spoken))
  session.note({ kind: 'record', url, seconds: Math.ceil(spoken) })
  const statusCallback = el.attrs.recordingStatusCallback
  if (statusCallback !== undefined) {
    void session
      .notify('recording-status', resolve(ctx, statusCallback), method(el.attrs.recordingStatusCallbackMethod), {
        AccountSid: call.accountSid,
        CallSid: call.sid,
        RecordingSid: sid,
        RecordingUrl: url,
        RecordingStatus: 'completed',
        RecordingDuration: duration,
        RecordingChannels: '1',
        RecordingSource: 'RecordVerb',
      })
      .catch(() => undefined)
  }
  return fetchAction(ctx, el, 'record', { RecordingUrl: url, RecordingDuration: duration, RecordingSid: sid })
}

const DIAL_NOUNS = ['Number', 'Sip', 'Conference']

const dial: Verb = async (ctx, el) => {
  const { session } = ctx
  const nouns = childElements(el)
  const first = nouns[0]
  if (first !== undefined && !DIAL_NOUNS.includes(first.name)) {
    return applicationError(ctx, `<Dial><${first.name}> is not simulated; only <Number>, <Sip> and <Conference> are`)
  }
  const target = first !== undefined ? textOf(first) : textOf(el)
  const timeout = numeric(el.attrs.timeout, DIAL_TIMEOUT)
  const { status, talked } = first?.name === 'Conference' ? await conference(ctx)
    : first?.name === 'Sip' ? await bridge(ctx, sipUser(target), timeout, target) : await bridge(ctx, target, timeout)
  session.note({ kind: 'dial', number: target, text: status, ...(talked > 0 && { seconds: talked }) })
  if (el.attrs.action === undefined) return CONTINUE
  return fetchAction(ctx, el, 'dial', {
    DialCallStatus: status,
    DialCallSid: newSid('CA'),
    DialCallDuration: String(talked),
    DialBridged: String(status === 'completed'),
  })
}

/**
 * The transferred leg: it behaves like any other scripted number, then talks for its talk_seconds. A SIP address
 * (`sip:user@host`) is an endpoint that answers; its user part, when it is a scripted number, behaves as that number.
 */
async function bridge(ctx: VerbContext, target: string, timeout: number, sip?: string): Promise<{ status: string; talked: number }> {
  const { session } = ctx
  if (sip !== undefined && !/^sips?:[^@\s]+@[^@\s]+$/.test(sip)) return { status: 'failed', talked: 0 }
  if (sip === undefined && !isE164(target)) return { status: 'failed', talked: 0 }
  const leg = ctx.scriptFor(target)
  switch (leg.behavior) {
    case 'fail':
      return { status: 'failed', talked: 0 }
    case 'busy':
      await session.sleep(1)
      return { status: 'busy', talked: 0 }
    case 'no-answer':
      await session.sleep(timeout)
      return { status: 'no-answer', talked: 0 }
  }
  if (leg.ring_seconds >= timeout) {
    await session.sleep(timeout)
    return { status: 'no-answer', talked: 0 }
  }
  await session.sleep(leg.ring_seconds + leg.talk_seconds)
  return { status: 'completed', talked: Math.ceil(leg.talk_seconds) }
}

/** `sip:+15551234567@pbx.example.com` → `+15551234567` (scripted like that number); other users answer as anyone. */
function sipUser(address: string): string {
  const user = /^sips?:([^@]+)@/.exec(address)?.[1] ?? ''
  return isE164(user) ? user : address
}

/**
 * A conference room: nobody else is simulated in it, so the caller stays for as long as they would talk (the callee's
 * talk_seconds) and leaves; the <Dial> then ends `completed`.
 */
async function conference(ctx: VerbContext): Promise<{ status: string; talked: number }> {
  const talked = Math.ceil(ctx.session.callee.talk_seconds)
  await ctx.session.sleep(talked)
  return { status: 'completed', talked }
}

const sms: Verb = async (ctx, el) => {
  const { session } = ctx
  const to = el.attrs.to ?? session.call.to
  const body = textOf(el)
  const statusCallback = el.attrs.statusCallback
  const message = ctx.sendSms({
    to,
    from: el.attrs.from ?? session.call.from,
    body,
    statusCallback: statusCallback === undefined ? null : resolve(ctx, statusCallback),
  })
  session.note({ kind: 'sms', number: to, text: body })
  if (el.attrs.action === undefined) return CONTINUE
  return fetchAction(ctx, el, 'sms', { SmsSid: message.sid, SmsStatus: message.status })
}

const redirect: Verb = async (ctx, el) => {
  const url = resolve(ctx, textOf(el) || undefined)
  ctx.session.note({ kind: 'redirect', url })
  return { next: 'fetch', kind: 'redirect', url, method: method(el.attrs.method), params: {} }
}

const hangup: Verb = async () => ({ next: 'end', reason: '<Hangup>' })

const reject: Verb = async (ctx) => applicationError(ctx, '<Reject> only applies to incoming calls')

const verbs: Record<string, Verb> = {
  ...promptVerbs,
  Gather: gather,
  Record: record,
  Dial: dial,
  Sms: sms,
  Redirect: redirect,
  Hangup: hangup,
  Reject: reject,
}

export async function runVerb(ctx: VerbContext, el: XmlElement): Promise<VerbOutcome> {
  const verb = verbs[el.name]
  if (verb === undefined) return applicationError(ctx, `unknown TwiML verb <${el.name}>`)
  try {
    return await verb(ctx, el)
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_INVALID_URL') return applicationError(ctx, `invalid URL in <${el.name}>`)
    throw err
  }
}
