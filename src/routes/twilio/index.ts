import type { FastifyInstance } from 'fastify'
import { callWebhooks } from './call-webhooks.js'
import { smsWebhooks } from './sms-webhooks.js'

/** Carrier webhooks under /twilio/: form posts, signed with the gateway's auth token. */
export async function twilioWebhooks(app: FastifyInstance): Promise<void> {
  await app.register(callWebhooks)
  await app.register(smsWebhooks)
}
