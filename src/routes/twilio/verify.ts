import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TelephonyProvider } from '../../telephony/provider.js'

/**
 * Checks X-Twilio-Signature against the URL the provider was given: PUBLIC_URL plus the path and
 * query, never the Host header (behind a proxy it is not what was signed).
 */
export function signatureValid(request: FastifyRequest, publicUrl: string, provider: TelephonyProvider): boolean {
  const header = request.headers['x-twilio-signature']
  return provider.validateWebhook({
    signature: Array.isArray(header) ? header[0] : header,
    url: `${publicUrl}${request.url}`,
    params: (request.body ?? {}) as Record<string, string>,
  })
}

export function refuseSignature(reply: FastifyReply) {
  return reply.status(403).send({ error: { code: 'forbidden', message: 'Invalid X-Twilio-Signature' } })
}

export function sendTwiml(reply: FastifyReply, twiml: string) {
  return reply.type('text/xml').send(twiml)
}
