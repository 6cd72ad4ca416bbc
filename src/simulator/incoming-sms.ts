// A text from a simulated phone to one of the account's numbers, as the carrier delivers it: a form post to the
// number's "a message comes in" webhook, signed with the auth token of the account that owns the number (the one that
// calls and texts from it). Like Twilio's default opt-out handling, an opt-out keyword blocks texts from that number
// to the sender (21610) until an opt-in keyword; the webhook is posted either way, as Twilio does.
import type { FastifyInstance } from 'fastify'
import { isE164 } from './callee-script.js'
import { ErrorBody, IncomingSmsBody, IncomingSmsReply, NumberParams } from './control-schemas.js'
import { newSid } from './sids.js'
import type { NumberAccount, SimulatorStore } from './store.js'
import { API_VERSION } from './twilio-json.js'
import type { SendWebhook } from './webhook-sender.js'

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])
const OPT_IN = new Set(['START', 'UNSTOP', 'YES'])

export interface IncomingSmsOptions {
  store: SimulatorStore
  sendWebhook: SendWebhook
  /** where texts to the account's numbers are posted; none: the route answers 409 */
  smsUrl: string | undefined
  /** the account owning a number the simulator has not seen used yet */
  numberOwner: ((number: string) => Promise<NumberAccount | null>) | undefined
}

export function registerIncomingSms(app: FastifyInstance, { store, sendWebhook, smsUrl, numberOwner }: IncomingSmsOptions): void {
  app.post<{ Params: { number: string }; Body: { to: string; body: string } }>('/numbers/:number/sms', {
    schema: {
      tags: ['simulator'], summary: 'Text from a simulated phone to one of the account\'s numbers', params: NumberParams,
      body: IncomingSmsBody, response: { 200: IncomingSmsReply, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const from = request.params.number
    const { to, body } = request.body
    const invalid = (fields: Record<string, string>) => reply.code(400).send({ error: { code: 'validation_failed', message: 'Invalid text', fields } })
    if (!isE164(from)) return invalid({ number: 'must look like +15551234567' })
    if (!isE164(to)) return invalid({ to: 'must look like +15551234567' })
    if (smsUrl === undefined) {
      return reply.code(409).send({ error: { code: 'no_sms_url', message: 'This simulator has no URL for incoming texts' } })
    }
    const account = store.numberAccount(to) ?? (await numberOwner?.(to)) ?? null
    if (!account) {
      return reply.code(404).send({ error: { code: 'unknown_number', message: `No account owns ${to}: no call or text has come from it` } })
    }
    const word = body.trim().toUpperCase()
    if (OPT_OUT.has(word)) store.setOptedOut(to, from, true)
    if (OPT_IN.has(word)) store.setOptedOut(to, from, false)
    const sid = newSid('SM')
    const params = {
      AccountSid: account.accountSid, ApiVersion: API_VERSION, MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, SmsStatus: 'received',
      From: from, To: to, Body: body, NumMedia: '0', NumSegments: '1',
    }
    const result = await sendWebhook({ kind: 'incoming-sms', url: smsUrl, params, authToken: account.authToken })
    return {
      sid, from, to, body, opted_out: store.isOptedOut(to, from),
      webhook: { url: smsUrl, response_code: result.attempt.status, ...(result.attempt.error && { error: result.attempt.error }) },
      twiml: result.body,
    }
  })
}
