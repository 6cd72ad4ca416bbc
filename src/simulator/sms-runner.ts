import { setMaxListeners } from 'node:events'
import { setTimeout as delay } from 'node:timers/promises'
import type { Logger } from 'pino'
import { createCallbackLine } from './callback-line.js'
import type { Chaos } from './chaos.js'
import { segmentsOf, type Pacer } from './pacer.js'
import { newSid } from './sids.js'
import type { SimulatorStore } from './store.js'
import { API_VERSION } from './twilio-json.js'
import type { SimMessage, TwilioMessageStatus } from './types.js'
import { droppedAttempt, type SendWebhook } from './webhook-sender.js'

export interface OutgoingSms {
  accountSid: string
  from: string
  to: string
  body: string
  statusCallback: string | null
  /** Signs the status callbacks; kept out of the stored message. */
  authToken: string
  callSid?: string | null
  /** ValidityPeriod: seconds it may wait in the sender's queue before it fails unsent */
  validityPeriod?: number | null
}

export interface SmsRunner {
  send(sms: OutgoingSms): SimMessage
  close(): Promise<void>
}

// Simulated carrier hand-off and handset delivery times.
const SEND_SECONDS = 1
const DELIVER_SECONDS = 2
// Twilio's code for an unreachable handset; the message ends `undelivered`.
const UNREACHABLE = { code: 30003, message: 'Unreachable destination handset' } as const
// Twilio's code for a message that waited in its queue longer than its ValidityPeriod; it is never sent.
const EXPIRED = { code: 30036, message: 'Validity Period Expired' } as const

export function createSmsRunner(deps: {
  store: SimulatorStore
  sendWebhook: SendWebhook
  logger: Logger
  timeScale: number
  chaos: Chaos
  /** each sender's queue */
  pacer: Pacer
  segmentsPerSecond: () => number
}): SmsRunner {
  const { store, sendWebhook, logger, timeScale, chaos, pacer, segmentsPerSecond } = deps
  const shutdown = new AbortController()
  // Every waiting call, text and delayed callback listens to it: hundreds at once are expected, not a leak.
  setMaxListeners(0, shutdown.signal)
  const running = new Set<Promise<void>>()

  async function deliver(message: SimMessage, sms: OutgoingSms): Promise<void> {
    const callee = store.scriptFor(message.to)
    const callbacks = createCallbackLine(chaos.nextMessage(), shutdown.signal)
    const wait = (seconds: number) => delay(seconds * 1000 * timeScale, undefined, { signal: shutdown.signal })
    const setStatus = (status: TwilioMessageStatus) => {
      logger.info({ messageSid: message.sid, to: message.to, status }, `sms ${status}`)
      const now = new Date()
      message.status = status
      message.dateUpdated = now
      message.statusHistory.push({ status, at: now.toISOString() })
    }
    // Snapshots the status now; the callback leaves through the (possibly disordered) line.
    const report = () => {
      const url = sms.statusCallback
      if (url === null) return
      if (callee.drop_callbacks) {
        message.webhooks.push(droppedAttempt('message-status', url, 'POST'))
        return
      }
      const params = {
        AccountSid: message.accountSid,
        ApiVersion: API_VERSION,
        MessageSid: message.sid,
        SmsSid: message.sid,
        MessageStatus: message.status,
        SmsStatus: message.status,
        From: message.from,
        To: message.to,
        ...(message.errorCode !== null && { ErrorCode: String(message.errorCode) }),
      }
      callbacks.post(async () => {
        const result = await sendWebhook({ kind: 'message-status', url, params, authToken: sms.authToken })
        message.webhooks.push(result.attempt)
      }, () => message.webhooks.push(droppedAttempt('message-status', url, 'POST', 'not sent: chaos dropped it')))
    }

    report()
    // Its turn in the sender's queue, about a segment per second; past its validity period it fails unsent.
    const queued = pacer.reserve(`sms:${message.from}`, segmentsPerSecond(), segmentsOf(message.body))
    const validity = sms.validityPeriod ?? null
    if (validity !== null && queued > validity) {
      await wait(validity)
      message.errorCode = EXPIRED.code
      message.errorMessage = EXPIRED.message
      setStatus('failed')
      report()
      await callbacks.drain()
      return
    }
    await wait(queued)
    await wait(SEND_SECONDS)
    message.dateSent = new Date()
    setStatus('sent')
    report()
    await wait(DELIVER_SECONDS)
    if (callee.behavior === 'fail') {
      message.errorCode = UNREACHABLE.code
      message.errorMessage = UNREACHABLE.message
      setStatus('undelivered')
    } else {
      setStatus('delivered')
    }
    report()
    await callbacks.drain()
  }

  return {
    send(sms) {
      const now = new Date()
      const message: SimMessage = {
        sid: newSid('SM'),
        accountSid: sms.accountSid,
        from: sms.from,
        to: sms.to,
        body: sms.body,
        direction: 'outbound-api',
        status: 'queued',
        errorCode: null,
        errorMessage: null,
        dateCreated: now,
        dateUpdated: now,
        dateSent: null,
        callSid: sms.callSid ?? null,
        validityPeriod: sms.validityPeriod ?? null,
        statusHistory: [{ status: 'queued', at: now.toISOString() }],
        webhooks: [],
      }
      store.addMessage(message)
      logger.info({ messageSid: message.sid, to: message.to, status: message.status }, 'sms queued')
      const run = deliver(message, sms)
        .catch((err: unknown) => {
          if (!shutdown.signal.aborted) logger.error({ err, messageSid: message.sid }, 'simulated sms failed')
        })
        .finally(() => running.delete(run))
      running.add(run)
      return message
    },
    async close() {
      shutdown.abort()
      await Promise.allSettled(running)
    },
  }
}
