import { and, asc, eq, isNull, or } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import type { AppDeps } from '../deps.js'
import { smsGateway, smsMessage, type SmsGateway } from '../db/schema/index.js'
import { isDoNotContact } from './do-not-contact.js'
import { onSmsCreateFailed } from './sms-create-failure.js'
import { servesOrganization } from '../accounts/sharing.js'
import { smsStatusUrl } from './urls.js'
import { GATEWAY_STATUS } from '../codes/gateway-status.js'

/** SMS statuses only move forward, like call statuses. */
const SMS_RANK: Record<string, number> = {
  queued: 0, accepted: 0, scheduled: 0, sending: 1, sent: 2,
  delivered: 3, undelivered: 3, failed: 3, blocked: 3, received: 3, canceled: 3, read: 3,
}
export const canMoveSms = (from: string, to: string) => (SMS_RANK[to] ?? -1) > (SMS_RANK[from] ?? 0)
export const isFinalSms = (status: string) => (SMS_RANK[status] ?? 0) >= 3
/** The carrier has the message and has not sent it yet. */
export const isQueuedAtCarrier = (status: string) => (SMS_RANK[status] ?? 3) <= SMS_RANK.sending!

/** Twilio's ValidityPeriod accepts 1 to 36,000 seconds. */
const MAX_VALIDITY_S = 36_000

type Message = typeof smsMessage.$inferSelect

/**
 * The `send-sms` job: sends a stored message once through its gateway (or the first active one), telling the carrier
 * to drop it unsent if it is still queued when it stops being useful (`valid_until` → ValidityPeriod); a message
 * already past that is not sent at all. What a refusal means is sms-create-failure.ts's business.
 */
export function createSendSms(deps: AppDeps) {
  const { db, config, telephony } = deps
  return async function sendSms({ smsId, throttled = 0 }: { smsId: number; throttled?: number }): Promise<void> {
    const [sms] = await db.select().from(smsMessage).where(eq(smsMessage.id, smsId))
    if (!sms || sms.providerSid || sms.status !== 'queued') return
    if (await isDoNotContact(db, sms.organizationId, sms.toNumber)) return endUnsent(deps, sms, 'blocked', 'do-not-contact')
    // Without a gateway of its own, the first active one its organization shares with all its managers, or a system one.
    const [found] = sms.smsGatewayId === null
      ? await db.select().from(smsGateway).where(and(eq(smsGateway.status, GATEWAY_STATUS.active), isNull(smsGateway.userId),
        or(isNull(smsGateway.organizationId), eq(smsGateway.organizationId, sms.organizationId))))
        .orderBy(asc(smsGateway.organizationId), asc(smsGateway.id)).limit(1)
      : await db.select().from(smsGateway).where(eq(smsGateway.id, sms.smsGatewayId))
    const gw = found && (await servesOrganization(db, found, sms.organizationId)) ? found : undefined
    if (!gw) return endUnsent(deps, sms, 'failed', found ? `SMS gateway ${found.id} is not shared with this organization` : 'no active SMS gateway')
    const validFor = sms.validUntil === null ? null : Math.floor((sms.validUntil.getTime() - Date.now()) / 1000)
    if (validFor !== null && validFor < 1) return endUnsent(deps, sms, 'failed', 'no longer useful: its event has started')
    const from = gw.fromNumber || sms.fromNumber
    // The gateway is recorded before the create: a status callback is checked against it and may come first.
    if (sms.smsGatewayId !== gw.id || sms.fromNumber !== from) {
      await db.update(smsMessage).set({ smsGatewayId: gw.id, fromNumber: from }).where(eq(smsMessage.id, smsId))
    }
    let sent: { sid: string; status: string }
    try {
      sent = await telephony.sms(gw).sendSms({
        to: sms.toNumber,
        from,
        body: sms.body,
        statusCallbackUrl: smsStatusUrl(config.publicUrl, smsId),
        ...(validFor !== null && { validityPeriodSeconds: Math.min(MAX_VALIDITY_S, validFor) }),
      })
    } catch (err) {
      return onSmsCreateFailed(deps, sms, err, throttled)
    }
    await recordSent(deps, sms, gw, sent)
  }
}

/**
 * The carrier took the message. Its answer moves the status forward only: a callback may already have said more
 * (`delivered` before the create's own answer arrived), and a status never goes back. `sending` marks a message the
 * carrier has but has not sent yet, apart from `queued` (ours, not yet handed over).
 */
export async function recordSent(deps: AppDeps, sms: Message, gw: SmsGateway, sent: { sid: string; status: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(smsMessage).where(eq(smsMessage.id, sms.id)).for('update')
    if (!current) return
    const said = sent.status.toLowerCase()
    const target = isQueuedAtCarrier(said) ? 'sending' : said
    const moves = canMoveSms(current.status, target)
    await tx.update(smsMessage).set({
      providerSid: sent.sid, smsGatewayId: gw.id, ...(moves && { status: target }), updatedAt: new Date(),
    }).where(eq(smsMessage.id, sms.id))
    if (moves && isFinalSms(target)) await deps.outcomes.smsEnded(tx, current)
  })
}

/** Ends a message that never left: blocked, no gateway, no longer useful, refused. */
export async function endUnsent(
  deps: Pick<AppDeps, 'db' | 'outcomes'>, sms: Message, status: 'blocked' | 'failed', error: string,
  extra: { errorCode?: string; alsoInTx?: (tx: Tx) => Promise<void> } = {},
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(smsMessage).where(eq(smsMessage.id, sms.id)).for('update')
    if (!current || !canMoveSms(current.status, status)) return
    await tx.update(smsMessage).set({ status, error, errorCode: extra.errorCode ?? null, updatedAt: new Date() }).where(eq(smsMessage.id, sms.id))
    await extra.alsoInTx?.(tx)
    await deps.outcomes.smsEnded(tx, current)
  })
}
