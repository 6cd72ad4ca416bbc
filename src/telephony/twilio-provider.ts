import type http from 'node:http'
import type https from 'node:https'
import twilio from 'twilio'
import type { Logger } from 'pino'
import type { CallSnapshot, PlaceCallOptions, SendSmsOptions, SmsSnapshot, TelephonyProvider, WebhookToValidate } from './provider.js'
import { createRebasedHttpClient } from './rebased-http-client.js'
import { withRetry, type RetryOptions } from './retry.js'
import { isRetryableTelephonyError, isThrottled, opaqueTelephonyError, toTelephonyError } from './telephony-error.js'

export interface TwilioProviderConfig {
  accountSid: string
  authToken: string
  /** Another Twilio-compatible API root, e.g. the simulator at http://127.0.0.1:8002/simulator. */
  baseUrl?: string
  /** Connection pools for `baseUrl` (the outbound URL policy's agents), so every connection is checked. */
  agents?: { http: http.Agent; https: https.Agent }
  /**
   * The API at `baseUrl` is not one Tocsin trusts to word its errors: an error keeps the HTTP status and the
   * numeric code but never the answer's text, which could be anything the URL's server says (call errors are shown
   * to API users, so a base URL pointing at an internal service must not read that service out to them).
   */
  opaqueErrors?: boolean
  logger: Logger
  retry?: RetryOptions
}

// Ringing shows in the call log while it rings; the voice webhook itself marks the call answered (in progress), so
// `initiated` and `answered` would only cost two more callbacks per call.
const statusCallbackEvents = ['ringing', 'completed']

export function createTwilioProvider(config: TwilioProviderConfig): TelephonyProvider {
  const { accountSid, authToken, logger } = config
  const client = twilio(accountSid, authToken, {
    ...(config.baseUrl !== undefined && { httpClient: createRebasedHttpClient(config.baseUrl, config.agents) }),
  })
  const asError = config.opaqueErrors ? (err: unknown) => opaqueTelephonyError(toTelephonyError(err)) : toTelephonyError
  const log = logger.child({ provider: 'twilio', accountSid })

  /**
   * `creates`: the request places a call or sends a text. Only a 429 ("not processed") is then safe to send again: a
   * 5xx or a lost answer may come from a request the carrier carried out, and sending it again could ring or text
   * the patient twice. Whoever asked decides what to do (dialer/carrier-errors.ts).
   */
  function call<T>(op: string, fn: () => Promise<T>, { creates = false } = {}): Promise<T> {
    return withRetry(
      () => fn().catch((err: unknown) => Promise.reject(asError(err))),
      {
        shouldRetry: creates ? isThrottled : isRetryableTelephonyError,
        onRetry: ({ attempt, delayMs, err }) => {
          const e = toTelephonyError(err)
          log.warn({ op, attempt, delayMs, status: e.status, code: e.code }, 'twilio request throttled, retrying')
        },
      },
      config.retry,
    ).catch((err: unknown) => {
      const e = toTelephonyError(err)
      log.error({ op, status: e.status, code: e.code, err: e.message }, 'twilio request failed')
      throw e
    })
  }

  return {
    async placeCall(o: PlaceCallOptions) {
      const asyncAmd = o.asyncAmdStatusCallbackUrl !== undefined
      // AMD only runs when MachineDetection is set; an async callback alone would never fire.
      const machineDetection = o.machineDetection ?? (asyncAmd ? 'Enable' : undefined)
      const created = await call('calls.create', () =>
        client.calls.create({
          to: o.to,
          from: o.from,
          url: o.voiceUrl,
          method: 'POST',
          statusCallback: o.statusCallbackUrl,
          statusCallbackMethod: 'POST',
          statusCallbackEvent: statusCallbackEvents,
          timeout: o.timeoutSeconds,
          ...(machineDetection !== undefined && { machineDetection }),
          ...(asyncAmd && {
            asyncAmd: 'true',
            asyncAmdStatusCallback: o.asyncAmdStatusCallbackUrl,
            asyncAmdStatusCallbackMethod: 'POST',
          }),
        }), { creates: true },
      )
      log.info({ callSid: created.sid, status: created.status }, 'call placed')
      return { sid: created.sid, status: created.status }
    },

    async hangup(sid: string) {
      // `completed` ends an answered call and cancels one still queued or ringing.
      await call('calls.update', () => client.calls(sid).update({ status: 'completed' }))
      log.info({ callSid: sid }, 'call hung up')
    },

    async fetchCall(sid: string): Promise<CallSnapshot> {
      return snapshotOf(await call('calls.fetch', () => client.calls(sid).fetch()))
    },

    async listCalls({ to, from, limit }) {
      const calls = await call('calls.list', () => client.calls.list({ to, from, limit, pageSize: limit }))
      return calls.map((c) => ({ ...snapshotOf(c), to: c.to, from: c.from, dateCreated: c.dateCreated }))
    },

    async sendSms(o: SendSmsOptions) {
      const m = await call('messages.create', () =>
        client.messages.create({
          to: o.to,
          from: o.from,
          body: o.body,
          ...(o.statusCallbackUrl !== undefined && { statusCallback: o.statusCallbackUrl }),
          ...(o.validityPeriodSeconds !== undefined && { validityPeriod: o.validityPeriodSeconds }),
        }), { creates: true },
      )
      log.info({ messageSid: m.sid, status: m.status }, 'sms sent')
      return { sid: m.sid, status: m.status }
    },

    async fetchSms(sid: string): Promise<SmsSnapshot> {
      const m = await call('messages.fetch', () => client.messages(sid).fetch())
      return { sid: m.sid, status: m.status, errorCode: m.errorCode === null || m.errorCode === undefined ? null : String(m.errorCode) }
    },

    validateWebhook(o: WebhookToValidate): boolean {
      if (o.signature === undefined || o.signature === '') return false
      return twilio.validateRequest(authToken, o.signature, o.url, o.params)
    },
  }
}

function snapshotOf(c: { sid: string; status: string; duration: string | null; answeredBy: string | null }): CallSnapshot {
  // The SDK types these as strings, but Twilio sends null until the call has ended or AMD has run.
  const duration = c.duration === null || c.duration === undefined || c.duration === '' ? NaN : Number(c.duration)
  return { sid: c.sid, status: c.status, duration: Number.isFinite(duration) ? duration : null, answeredBy: c.answeredBy ?? null }
}
