import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { REFUSED } from '../../dialer/call-callbacks.js'
import { reportSmsStatus } from '../../dialer/sms-callbacks.js'
import { receiveSms } from '../../dialer/inbound-sms.js'
import { refuseSignature, sendTwiml, signatureValid } from './verify.js'
import { Id } from '../../kit/ids.js'
import { ErrorBody } from '../../schemas/common.js'

type Params = Record<string, string>

// Twilio's form fields; the others it sends (AccountSid, NumMedia, FromCity…) are kept, as the signature covers them.
const InboundSmsForm = Type.Object({
  From: Type.String({ description: 'the sender, E.164' }),
  To: Type.String({ description: 'our number it was sent to, E.164' }),
  Body: Type.String(),
  MessageSid: Type.Optional(Type.String()),
}, { additionalProperties: true })

export async function smsWebhooks(app: FastifyInstance): Promise<void> {
  const { deps } = app

  app.post('/sms-status', { schema: { querystring: Type.Object({ sms: Id() }), hide: true } }, async (request, reply) => {
    const { sms: smsId } = request.query as { sms: number }
    const params = (request.body ?? {}) as Params
    const done = await reportSmsStatus(deps, smsId, (provider) => signatureValid(request, deps.config.publicUrl, provider), {
      status: params.MessageStatus ?? params.SmsStatus ?? '', errorCode: params.ErrorCode ?? null,
    })
    if (done === REFUSED) return refuseSignature(reply)
    return reply.status(204).send()
  })

  // A text to any of our numbers: stored, and read for opt-out, opt-in, help and reminder answers (dialer/inbound-sms.ts).
  app.post('/sms', {
    schema: {
      tags: ['carrier webhooks'],
      summary: 'A text to one of our numbers (the carrier posts it; signed with X-Twilio-Signature)',
      description: 'Point every number\'s "a message comes in" webhook here. Opt-out, opt-in and help keywords and reminder answers are acted on (README "Consent and opt-out"); every text is stored.',
      security: [],
      body: InboundSmsForm,
      response: {
        200: { description: 'TwiML: a <Message> when the gateway has a reply for the text, else an empty <Response>', content: { 'text/xml': { schema: { type: 'string' } } } },
        403: ErrorBody,
      },
    },
  }, async (request, reply) => {
    const params = (request.body ?? {}) as Params
    const done = await receiveSms(deps, {
      to: params.To ?? '', from: params.From ?? '', body: params.Body ?? '', sid: params.MessageSid ?? params.SmsSid ?? null,
    }, (provider) => signatureValid(request, deps.config.publicUrl, provider))
    if (done === REFUSED) return refuseSignature(reply)
    return sendTwiml(reply, done)
  })
}
