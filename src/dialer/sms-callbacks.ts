// What the provider's SMS callbacks do, behind the routes (src/routes/twilio/sms-webhooks.ts): a delivery status
// moves a message forward (and reports its end), a reply is stored, and STOP or one of its synonyms opts the sender
// out of the organization that last texted them from that number.
import { and, desc, eq } from 'drizzle-orm'
import { smsGateway, smsMessage } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import type { TelephonyProvider } from '../telephony/provider.js'
import { REFUSED, type Refused } from './call-callbacks.js'
import { addDoNotContact } from './do-not-contact.js'
import { canMoveSms, isFinalSms } from './send-sms.js'

/** The carrier's opt-out keywords: a reply that is one of these, alone, means "text me no more". */
const OPT_OUT = /^\s*(stop|stopall|unsubscribe|cancel|end|quit)\s*$/i

type SmsDeps = Pick<AppDeps, 'db' | 'telephony' | 'outcomes'>
type SignedBy = (provider: TelephonyProvider) => boolean

/** A delivery status callback for one of our messages, signed by the message's gateway. */
export async function reportSmsStatus(
  deps: SmsDeps, smsId: number, signedBy: SignedBy, report: { status: string; errorCode: string | null },
): Promise<Refused | null> {
  const { db, telephony, outcomes } = deps
  const [row] = await db.select({ sms: smsMessage, gateway: smsGateway }).from(smsMessage)
    .innerJoin(smsGateway, eq(smsGateway.id, smsMessage.smsGatewayId)).where(eq(smsMessage.id, smsId))
  if (!row || !signedBy(telephony.sms(row.gateway))) return REFUSED
  const status = report.status.toLowerCase()
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(smsMessage).where(eq(smsMessage.id, smsId)).for('update')
    if (!current || !canMoveSms(current.status, status)) return
    await tx.update(smsMessage).set({ status, errorCode: report.errorCode, updatedAt: new Date() }).where(eq(smsMessage.id, smsId))
    if (isFinalSms(status)) await outcomes.smsEnded(tx, current)
  })
  return null
}

export interface InboundSms { to: string; from: string; body: string; sid: string | null }

/** A reply to one of our numbers, signed by the gateway that owns the number. */
export async function receiveSms(deps: SmsDeps, sms: InboundSms, signedBy: SignedBy): Promise<Refused | null> {
  const { db, telephony } = deps
  const [gw] = await db.select().from(smsGateway).where(eq(smsGateway.fromNumber, sms.to)).limit(1)
  if (!gw || !signedBy(telephony.sms(gw))) return REFUSED
  const [last] = await db.select({ organizationId: smsMessage.organizationId }).from(smsMessage)
    .where(and(eq(smsMessage.toNumber, sms.from), eq(smsMessage.smsGatewayId, gw.id))).orderBy(desc(smsMessage.id)).limit(1)
  if (!last) return null
  await db.insert(smsMessage).values({
    organizationId: last.organizationId, smsGatewayId: gw.id, direction: 'inbound', fromNumber: sms.from, toNumber: sms.to,
    body: sms.body, status: 'received', providerSid: sms.sid,
  }).onConflictDoNothing()
  if (OPT_OUT.test(sms.body)) {
    await addDoNotContact(db, { organizationId: last.organizationId, phoneNumber: sms.from, reason: 'replied STOP', source: 'sms' })
  }
  return null
}
