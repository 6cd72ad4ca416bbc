import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { REFUSED } from '../../dialer/call-callbacks.js'
import { reportSmsStatus } from '../../dialer/sms-callbacks.js'
import { receiveSms } from '../../dialer/inbound-sms.js'
import { refuseSignature, sendTwiml, signatureValid } from './verify.js'
import { Id } from '../../kit/ids.js'

type Params = Record<string, string>

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
  app.post('/sms', { schema: { hide: true } }, async (request, reply) => {
    const params = (request.body ?? {}) as Params
    const done = await receiveSms(deps, {
      to: params.To ?? '', from: params.From ?? '', body: params.Body ?? '', sid: params.MessageSid ?? params.SmsSid ?? null,
    }, (provider) => signatureValid(request, deps.config.publicUrl, provider))
    if (done === REFUSED) return refuseSignature(reply)
    return sendTwiml(reply, done)
  })
}
