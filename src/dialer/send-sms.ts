import { and, asc, eq, isNull, or } from 'drizzle-orm'
import type { AppDeps } from '../deps.js'
import { smsGateway, smsMessage } from '../db/schema/index.js'
import { isDoNotContact } from './do-not-contact.js'
import { servesOrganization } from '../accounts/sharing.js'
import { smsStatusUrl } from './urls.js'
import { GATEWAY_STATUS } from '../codes/gateway-status.js'

/** SMS statuses only move forward, like call statuses. */
const SMS_RANK: Record<string, number> = {
  queued: 0, accepted: 0, scheduled: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, blocked: 3, received: 3,
}
export const canMoveSms = (from: string, to: string) => (SMS_RANK[to] ?? -1) > (SMS_RANK[from] ?? 0)
export const isFinalSms = (status: string) => (SMS_RANK[status] ?? 0) >= 3

/**
 * The `send-sms` job: sends a stored message once through its gateway (or the first active one).
 * A provider error throws, so graphile-worker retries with backoff; the row remembers the error.
 */
export function createSendSms(deps: AppDeps) {
  const { db, config, telephony, logger } = deps
  return async function sendSms({ smsId }: { smsId: number }): Promise<void> {
    const [sms] = await db.select().from(smsMessage).where(eq(smsMessage.id, smsId))
    if (!sms || sms.providerSid || sms.status !== 'queued') return
    if (await isDoNotContact(db, sms.organizationId, sms.toNumber)) {
      await db.transaction(async (tx) => {
        await tx.update(smsMessage).set({ status: 'blocked', error: 'do-not-contact', updatedAt: new Date() }).where(eq(smsMessage.id, smsId))
        await deps.outcomes.smsEnded(tx, sms)
      })
      return
    }
    // Without a gateway of its own, the first active one its organization shares with all its managers, or a system one.
    const [found] = sms.smsGatewayId === null
      ?await db.select().from(smsGateway).where(and(eq(smsGateway.status, GATEWAY_STATUS.active), isNull(smsGateway.userId),
        or(isNull(smsGateway.organizationId), eq(smsGateway.organizationId, sms.organizationId))))
        .orderBy(asc(smsGateway.organizationId), asc(smsGateway.id)).limit(1)
      : await db.select().from(smsGateway).where(eq(smsGateway.id, sms.smsGatewayId))
    const gw = found && (await servesOrganization(db, found, sms.organizationId)) ? found : undefined
    if (!gw) {
      const error = found ? `SMS gateway ${found.id} is not shared with this organization` : 'no active SMS gateway'
      await db.transaction(async (tx) => {
        await tx.update(smsMessage).set({ status: 'failed', error, updatedAt: new Date() }).where(eq(smsMessage.id, smsId))
        await deps.outcomes.smsEnded(tx, sms)
      })
      return
    }
    try {
      const sent = await telephony.sms(gw).sendSms({
        to: sms.toNumber,
        from: gw.fromNumber || sms.fromNumber,
        body: sms.body,
        statusCallbackUrl: smsStatusUrl(config.publicUrl, smsId),
      })
      await db.update(smsMessage).set({
        providerSid: sent.sid, smsGatewayId: gw.id, fromNumber: gw.fromNumber || sms.fromNumber, status: sent.status === 'queued' ? 'queued' : sent.status, updatedAt: new Date(),
      }).where(eq(smsMessage.id, smsId))
      if (isFinalSms(sent.status)) await deps.outcomes.smsEnded(db, sms)
      // A message accepted by the provider keeps `queued` until its status callback arrives.
      if (sent.status !== 'queued') return
      await db.update(smsMessage).set({ status: 'sending' }).where(eq(smsMessage.id, smsId))
    } catch (err) {
      logger.warn({ err, smsId }, 'SMS send failed; will retry')
      await db.update(smsMessage).set({ error: (err as Error).message, updatedAt: new Date() }).where(eq(smsMessage.id, smsId))
      throw err
    }
  }
}
