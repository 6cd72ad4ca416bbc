import { setTimeout as delay } from 'node:timers/promises'
import type { Logger } from 'pino'
import type { Disorder } from './chaos.js'
import { isMachineCallee, isSilentPress } from './callee-script.js'
import type { LineEvent, PhoneLines } from './phone-lines.js'
import { API_VERSION } from './twilio-json.js'
import type { SendWebhook, WebhookResult } from './webhook-sender.js'
import type { CalleeScript, SimCall, TranscriptEntry, TwilioCallStatus, WebhookKind } from './types.js'

/** What the create request asked for; fixed for the life of the call except the voice URL. */
export interface CallSetup {
  /** Mutable: a REST redirect before the first TwiML fetch just replaces it. */
  url: string
  method: 'GET' | 'POST'
  statusCallback: string | null
  statusCallbackMethod: 'GET' | 'POST'
  /** Empty means Twilio's default: only the final event. */
  statusCallbackEvents: string[]
  timeoutSeconds: number
  machineDetection: 'Enable' | 'DetectMessageEnd' | null
  asyncAmd: boolean
  asyncAmdStatusCallback: string | null
  asyncAmdStatusCallbackMethod: 'GET' | 'POST'
  /** Where this simulator's REST API is reachable, for recording URLs. */
  apiBase: string
}

/** Why the current step of a call was interrupted. */
export type Interruption =
  | { type: 'hangup' }
  | { type: 'redirect'; url: string; method: 'GET' | 'POST' }
  | { type: 'shutdown' }

export interface CallSession {
  readonly call: SimCall
  readonly setup: CallSetup
  readonly callee: CalleeScript
  /** The network's disorder for this call (chaos.ts); calm unless chaos is on. */
  readonly disorder: Disorder
  /** Aborted on hang-up, redirect or shutdown; replaced after a redirect. */
  readonly signal: AbortSignal
  interrupt(reason: Interruption): void
  interruption(): Interruption | null
  /** Clears a handled redirect so the call can carry on. */
  resume(): void
  /** Waits `seconds` of simulated time; once answered it counts towards the call's duration. */
  sleep(seconds: number): Promise<void>
  talkSeconds(): number
  note(entry: Omit<TranscriptEntry, 'at'>): void
  setStatus(status: TwilioCallStatus | 'initiated'): void
  /** Parameters Twilio sends with every voice request for this call. */
  voiceParams(): Record<string, string>
  /** A request that is part of the TwiML flow: a hang-up or redirect stops waiting for its answer. */
  webhook(kind: WebhookKind, url: string, method: 'GET' | 'POST', params: Record<string, string>): Promise<WebhookResult>
  /** The same request, delayed and duplicated by the disorder, but not given up on a hang-up (a late action). */
  request(kind: WebhookKind, url: string, method: 'GET' | 'POST', params: Record<string, string>): Promise<WebhookResult>
  /** A side notification (status, AMD, recording): delivered even while the call is being torn down. */
  notify(kind: WebhookKind, url: string, method: 'GET' | 'POST', params: Record<string, string>): Promise<WebhookResult>
  /** The callee's next keypress, or undefined for silence. Machines never press. */
  nextPress(): string | undefined
  /** An interactive callee: waits `seconds` of real time for keys typed by the person; undefined if none. */
  waitForPress(seconds: number): Promise<string | undefined>
  /** Tells whoever watches the number's line about something that is not part of the transcript. */
  live(event: Pick<LineEvent, 'kind' | 'text' | 'seconds'>): void
}

export interface CallSessionDeps {
  logger: Logger
  call: SimCall
  setup: CallSetup
  callee: CalleeScript
  disorder: Disorder
  authToken: string
  sendWebhook: SendWebhook
  timeScale: number
  shutdown: AbortSignal
  lines: PhoneLines
}

export function createCallSession(deps: CallSessionDeps): CallSession {
  const { call, setup, callee, disorder, authToken, sendWebhook, timeScale, shutdown, lines } = deps
  // Info level on purpose: following a call in the log is how a new user watches it happen.
  const log = deps.logger.child({ callSid: call.sid, to: call.to })
  let controller = new AbortController()
  let signal = AbortSignal.any([controller.signal, shutdown])
  let answeredSeconds = 0
  const presses = [...callee.presses]

  const send = async (kind: WebhookKind, url: string, method: 'GET' | 'POST', params: Record<string, string>) => {
    const result = await sendWebhook({ kind, url, method, params, authToken })
    // Logged even when the call stopped waiting for it: the request did happen.
    call.webhooks.push(result.attempt)
    return result
  }

  // TwiML requests are never dropped (Twilio's answer to no answer is an application error), but they can be late,
  // and Twilio repeats one whose answer it did not get in time: the copy goes out at the same moment.
  const request = async (kind: WebhookKind, url: string, method: 'GET' | 'POST', params: Record<string, string>) => {
    const ms = disorder.delayMs()
    if (ms > 0) await delay(ms, undefined, { signal: shutdown })
    const copy = disorder.duplicated() ? send(kind, url, method, params) : null
    const [result] = await Promise.all([send(kind, url, method, params), copy])
    return result
  }

  const interruption = (): Interruption | null => {
    if (shutdown.aborted) return { type: 'shutdown' }
    return controller.signal.aborted ? (controller.signal.reason as Interruption) : null
  }

  return {
    call,
    setup,
    callee,
    disorder,
    get signal() {
      return signal
    },
    interrupt(reason) {
      if (controller.signal.aborted) {
        // Only a hang-up may overtake an interruption that is still being handled (a redirect).
        const pending = controller.signal.reason as Interruption
        if (reason.type !== 'hangup' || pending.type === 'hangup') return
        controller = new AbortController()
        signal = AbortSignal.any([controller.signal, shutdown])
      }
      controller.abort(reason)
    },
    interruption,
    resume() {
      controller = new AbortController()
      signal = AbortSignal.any([controller.signal, shutdown])
    },
    async sleep(seconds) {
      if (seconds <= 0) return
      await delay(seconds * 1000 * timeScale, undefined, { signal })
      if (call.status === 'in-progress') answeredSeconds += seconds
    },
    talkSeconds: () => answeredSeconds,
    note(entry) {
      call.transcript.push({ at: new Date().toISOString(), ...entry })
      lines.publish(call.to, { call_sid: call.sid, ...entry })
      const detail = entry.text ?? entry.digits ?? entry.url ?? entry.number
      log.info(entry, detail === undefined ? entry.kind : `${entry.kind}: ${detail}`)
    },
    setStatus(status) {
      log.info({ status }, `call ${status}`)
      const now = new Date()
      if (status !== 'initiated') call.status = status
      call.dateUpdated = now
      call.statusHistory.push({ status, at: now.toISOString() })
      const line = { call_sid: call.sid }
      if (status === 'ringing') lines.publish(call.to, { ...line, kind: 'ringing', from: call.from })
      else if (status === 'in-progress') {
        // Keys typed before the call was answered belong to no prompt of this call.
        if (callee.interactive) lines.clearPresses(call.to)
        lines.publish(call.to, { ...line, kind: 'answered' })
      } else if (status !== 'initiated' && status !== 'queued') lines.publish(call.to, { ...line, kind: 'ended', status })
    },
    voiceParams() {
      return {
        AccountSid: call.accountSid,
        ApiVersion: API_VERSION,
        CallSid: call.sid,
        CallStatus: call.status,
        Called: call.to,
        Caller: call.from,
        Direction: call.direction,
        From: call.from,
        To: call.to,
        ...(call.answeredBy !== null && { AnsweredBy: call.answeredBy }),
      }
    },
    webhook(kind, url, method, params) {
      return untilAborted(request(kind, url, method, params), signal)
    },
    request,
    notify: send,
    nextPress() {
      if (isMachineCallee(callee)) return undefined
      const press = presses.shift()
      return isSilentPress(press) ? undefined : press
    },
    async waitForPress(seconds) {
      const started = Date.now()
      try {
        return await lines.nextPress(call.to, seconds * 1000, signal)
      } finally {
        // The person's wait is real time, however fast the rest of the simulation runs.
        if (call.status === 'in-progress') answeredSeconds += (Date.now() - started) / 1000
      }
    },
    live(event) {
      lines.publish(call.to, { call_sid: call.sid, ...event })
    },
  }
}

/** Rejects with the abort reason as soon as `signal` aborts, leaving `promise` to settle on its own. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
