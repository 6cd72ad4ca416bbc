import type { FastifyInstance } from 'fastify'
import { and, desc, eq } from 'drizzle-orm'
import { Type } from 'typebox'
import { smsGateway, smsMessage } from '../../db/schema/index.js'
import { addDoNotContact } from '../../services/do-not-contact.js'
import { smsReachedFinalStatus } from '../../services/scheduler/sms-final.js'
import { canMoveSms, isFinalSms } from '../../services/sms/send-sms.js'
import { refuseSignature, sendTwiml, signatureValid } from './verify.js'
import { Id } from '../../schemas/common.js'

type Params = Record<string, string>
const OPT_OUT = /^\s*(stop|stopall|unsubscribe|cancel|end|quit)\s*$/i
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

export async function smsWebhooks(app: FastifyInstance): Promise<void> {
  const { db, config, telephony } = app.deps

  app.post('/sms-status', { schema: { querystring: Type.Object({ sms: Id() }), hide: true } }, async (request, reply) => {
    const { sms: smsId } = request.query as { sms: number }
    const [row] = await db.select({ sms: smsMessage, gateway: smsGateway }).from(smsMessage)
      .innerJoin(smsGateway, eq(smsGateway.id, smsMessage.smsGatewayId)).where(eq(smsMessage.id, smsId))
    if (!row || !signatureValid(request, config.publicUrl, telephony.sms(row.gateway))) return refuseSignature(reply)
    const params = (request.body ?? {}) as Params
    const status = (params.MessageStatus ?? params.SmsStatus ?? '').toLowerCase()
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(smsMessage).where(eq(smsMessage.id, smsId)).for('update')
      if (!current || !canMoveSms(current.status, status)) return
      await tx.update(smsMessage).set({
        status, errorCode: params.ErrorCode ?? null, updatedAt: new Date(),
      }).where(eq(smsMessage.id, smsId))
      if (isFinalSms(status)) await smsReachedFinalStatus(tx, current)
    })
    return reply.status(204).send()
  })

  // A reply to one of our numbers. STOP and its synonyms opt the sender out of the organization
  // that last texted them from this number.
  app.post('/sms', { schema: { hide: true } }, async (request, reply) => {
    const params = (request.body ?? {}) as Params
    const to = params.To ?? ''
    const from = params.From ?? ''
    const [gw] = await db.select().from(smsGateway).where(eq(smsGateway.fromNumber, to)).limit(1)
    if (!gw || !signatureValid(request, config.publicUrl, telephony.sms(gw))) return refuseSignature(reply)
    const [last] = await db.select({ organizationId: smsMessage.organizationId }).from(smsMessage)
      .where(and(eq(smsMessage.toNumber, from), eq(smsMessage.smsGatewayId, gw.id))).orderBy(desc(smsMessage.id)).limit(1)
    if (last) {
      await db.insert(smsMessage).values({
        organizationId: last.organizationId, smsGatewayId: gw.id, direction: 'inbound', fromNumber: from, toNumber: to,
        body: params.Body ?? '', status: 'received', providerSid: params.MessageSid ?? null,
      }).onConflictDoNothing()
      if (OPT_OUT.test(params.Body ?? '')) {
        await addDoNotContact(db, { organizationId: last.organizationId, phoneNumber: from, reason: 'replied STOP', source: 'sms' })
      }
    }
    return sendTwiml(reply, EMPTY_TWIML)
  })
}
