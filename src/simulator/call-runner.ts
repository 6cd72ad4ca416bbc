import { setMaxListeners } from 'node:events'
import { setTimeout as delay } from 'node:timers/promises'
import type { Logger } from 'pino'
import { createCallbackLine } from './callback-line.js'
import { createCallSession, type CallSession, type CallSetup } from './call-session.js'
import { isMachineCallee } from './callee-script.js'
import type { Disorder } from './chaos.js'
import type { Pacer } from './pacer.js'
import type { PhoneLines } from './phone-lines.js'
import type { SmsRunner } from './sms-runner.js'
import type { SimulatorStore } from './store.js'
import { rfc2822 } from './twilio-json.js'
import { runTwiml, type Fetch } from './twiml-interpreter.js'
import type { AnsweredBy, CalleeScript, SimCall, TwilioCallStatus } from './types.js'
import { droppedAttempt, type SendWebhook } from './webhook-sender.js'

export interface CallRunner {
  /** Plays the call out in the background: carrier progress, the callee, the TwiML. */
  start(call: SimCall, setup: CallSetup, authToken: string, disorder: Disorder): void
  /** `canceled` only stops calls not yet answered; `completed` ends any call. */
  hangup(sid: string, status: 'completed' | 'canceled'): void
  /** Sends a live call to new TwiML; false when the call is no longer running. */
  redirect(sid: string, url: string, method: 'GET' | 'POST'): boolean
  activeCalls(): number
  /** Resolves once the call has ended and its last status callback has been delivered. */
  settled(sid: string): Promise<void>
  close(): Promise<void>
}

type ProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed'
type Ending = Exclude<TwilioCallStatus, 'queued' | 'ringing' | 'in-progress'>

interface Running {
  session: CallSession
  twimlStarted: boolean
}

// Simulated carrier timings, in seconds.
const QUEUE_SECONDS = 0.1
const FAIL_SECONDS = 0.5
const BUSY_SECONDS = 1
// Twilio's MachineDetectionTimeout default: with no verdict by then, AMD answers `unknown`.
const AMD_TIMEOUT_SECONDS = 30

export function createCallRunner(deps: {
  store: SimulatorStore
  sms: SmsRunner
  sendWebhook: SendWebhook
  logger: Logger
  timeScale: number
  lines: PhoneLines
  /** the account's calls-per-second queue */
  pacer: Pacer
  callsPerSecond: () => number
}): CallRunner {
  const { store, sms, sendWebhook, logger, timeScale, lines, pacer, callsPerSecond } = deps
  const shutdown = new AbortController()
  // Every waiting call, text and delayed callback listens to it: hundreds at once are expected, not a leak.
  setMaxListeners(0, shutdown.signal)
  const running = new Map<string, Running>()
  // Includes calls that have ended but are still delivering their last status callback.
  const unsettled = new Map<string, Promise<void>>()

  async function run(entry: Running, authToken: string): Promise<void> {
    const { session } = entry
    const { call } = session
    // Status callbacks leave without holding up the call itself: in order, unless chaos says otherwise.
    const callbacks = createCallbackLine(session.disorder, shutdown.signal)
    let sequence = 0
    let answered = false
    let lateAction: Fetch | undefined
    const progress = (event: ProgressEvent) => {
      const callback = progressCallback(session, event, sequence)
      if (callback === null) return
      sequence++
      callbacks.post(callback.send, () => call.webhooks.push(droppedAttempt('status', callback.url, session.setup.statusCallbackMethod, 'not sent: chaos dropped it')))
    }
    const finish = (status: Ending, reason: string | null) => {
      if (reason !== null) session.note({ kind: 'hangup', text: reason })
      call.endTime = new Date()
      call.duration = answered ? Math.ceil(session.talkSeconds()) : 0
      session.setStatus(status)
      progress('completed')
    }

    try {
      // Over the account's calls per second, a call waits in Twilio's queue (still `queued`); it is not refused.
      const queued = pacer.reserve(`calls:${call.accountSid}`, callsPerSecond())
      await session.sleep(queued + QUEUE_SECONDS)
      call.queueTimeMs = Math.round(queued * 1000)
      call.startTime = new Date()
      session.setStatus('initiated')
      progress('initiated')
      const outcome = await ring(session, progress)
      if (outcome !== 'answered') {
        finish(outcome, null)
      } else {
        answered = true
        session.setStatus('in-progress')
        progress('answered')
        await detectMachine(session)
        entry.twimlStarted = true
        const end = await runTwiml(session, {
          scriptFor: store.scriptFor,
          sendSms: (o) => sms.send({ ...o, accountSid: call.accountSid, authToken, callSid: call.sid }),
        })
        lateAction = end.lateAction
        finish('completed', end.reason)
      }
    } catch (err) {
      const why = session.interruption()
      if (why?.type === 'shutdown') return
      if (why?.type === 'hangup') {
        const answered = call.status === 'in-progress'
        finish(answered ? 'completed' : 'canceled', answered ? 'hung up through the REST API' : null)
      } else {
        logger.error({ err, callSid: call.sid }, 'simulated call crashed')
        session.note({ kind: 'error', text: `simulator error: ${(err as Error).message}` })
        finish(call.status === 'in-progress' ? 'completed' : 'failed', 'simulator error')
      }
    } finally {
      running.delete(call.sid)
    }
    if (lateAction !== undefined) {
      // Pressed and hung up at once: the final status is on its way before the action request that carries the keys.
      await callbacks.drain()
      const { kind, url, method, params } = lateAction
      await session.request(kind, url, method, { ...session.voiceParams(), ...params }).catch(() => undefined)
    }
    await callbacks.drain()
  }

  /** Carrier progress up to the moment the callee picks up, or the reason nobody did. */
  async function ring(session: CallSession, progress: (event: ProgressEvent) => void): Promise<Ending | 'answered'> {
    const { callee, setup } = session
    switch (callee.behavior) {
      case 'fail':
        await session.sleep(FAIL_SECONDS)
        return 'failed'
      case 'busy':
        // A busy line answers with a busy tone before it ever rings.
        await session.sleep(BUSY_SECONDS)
        return 'busy'
    }
    session.setStatus('ringing')
    progress('ringing')
    const ringsFor = callee.behavior === 'no-answer' ? Infinity : callee.ring_seconds
    if (ringsFor >= setup.timeoutSeconds) {
      await session.sleep(setup.timeoutSeconds)
      return 'no-answer'
    }
    await session.sleep(ringsFor)
    return 'answered'
  }

  /**
   * Sync AMD holds the first TwiML request until the verdict is in (and adds AnsweredBy to it);
   * async AMD lets the TwiML start and posts the verdict to AsyncAmdStatusCallback later.
   */
  async function detectMachine(session: CallSession): Promise<void> {
    const { call, setup, callee } = session
    if (setup.machineDetection === null) return
    const answeredBy = amdVerdict(callee, setup.machineDetection)
    const waitsForEnd = answeredBy.startsWith('machine_end')
    // A human is recognised after their "hello"; DetectMessageEnd waits for the greeting to end; `unknown` is what
    // is left when the detection timeout passes without a verdict.
    const seconds = answeredBy === 'unknown' ? AMD_TIMEOUT_SECONDS : waitsForEnd ? callee.talk_seconds + 1 : answeredBy === 'human' ? 2 : 3
    if (!setup.asyncAmd) {
      await session.sleep(seconds)
      call.answeredBy = answeredBy
      return
    }
    void delay(seconds * 1000 * timeScale, undefined, { signal: shutdown.signal })
      .then(async () => {
        if (call.endTime !== null) return
        call.answeredBy = answeredBy
        if (setup.asyncAmdStatusCallback === null) return
        await session.notify('amd', setup.asyncAmdStatusCallback, setup.asyncAmdStatusCallbackMethod, {
          AccountSid: call.accountSid,
          CallSid: call.sid,
          AnsweredBy: answeredBy,
          MachineDetectionDuration: String(Math.round(seconds * 1000)),
        })
      })
      .catch(() => undefined)
  }

  /** Snapshots the callback now, while the call is in the state being reported; null if not wanted. */
  function progressCallback(session: CallSession, event: ProgressEvent, sequence: number): { url: string; send: () => Promise<unknown> } | null {
    const { call, setup, callee } = session
    const wanted = setup.statusCallbackEvents.length > 0 ? setup.statusCallbackEvents : ['completed']
    const url = setup.statusCallback
    if (url === null || !wanted.includes(event)) return null
    if (callee.drop_callbacks) {
      call.webhooks.push(droppedAttempt('status', url, setup.statusCallbackMethod))
      return null
    }
    const params = {
      ...session.voiceParams(),
      CallStatus: event === 'initiated' ? 'initiated' : call.status,
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(sequence),
      Timestamp: rfc2822(new Date()),
      ...(event === 'completed' && { CallDuration: String(call.duration ?? 0) }),
    }
    return { url, send: () => session.notify('status', url, setup.statusCallbackMethod, params) }
  }

  return {
    start(call, setup, authToken, disorder) {
      const session = createCallSession({
        logger,
        call,
        setup,
        callee: store.scriptFor(call.to),
        disorder,
        authToken,
        sendWebhook,
        timeScale,
        shutdown: shutdown.signal,
        lines,
      })
      const entry: Running = { session, twimlStarted: false }
      running.set(call.sid, entry)
      const done = run(entry, authToken).finally(() => unsettled.delete(call.sid))
      unsettled.set(call.sid, done)
    },
    hangup(sid, status) {
      const entry = running.get(sid)
      if (entry === undefined) return
      if (status === 'canceled' && entry.session.call.status === 'in-progress') return
      entry.session.interrupt({ type: 'hangup' })
    },
    redirect(sid, url, method) {
      const entry = running.get(sid)
      if (entry === undefined) return false
      if (entry.twimlStarted) {
        entry.session.interrupt({ type: 'redirect', url, method })
      } else {
        entry.session.setup.url = url
        entry.session.setup.method = method
      }
      return true
    },
    activeCalls: () => running.size,
    settled: async (sid) => unsettled.get(sid),
    async close() {
      shutdown.abort()
      await Promise.allSettled(unsettled.values())
    },
  }
}

/**
 * What answering machine detection reports for a callee: its scripted verdict, else `human` or a machine's usual one.
 * `Enable` answers as soon as it knows (a machine is `machine_start`); `DetectMessageEnd` waits for the greeting to
 * end, so a machine is one of the `machine_end_*` verdicts.
 */
export function amdVerdict(callee: Pick<CalleeScript, 'behavior' | 'answered_by'>, mode: 'Enable' | 'DetectMessageEnd'): AnsweredBy {
  const verdict: AnsweredBy = callee.answered_by ?? (isMachineCallee(callee) ? 'machine_start' : 'human')
  if (mode === 'Enable' && verdict.startsWith('machine_end')) return 'machine_start'
  if (mode === 'DetectMessageEnd' && verdict === 'machine_start') return 'machine_end_beep'
  return verdict
}
