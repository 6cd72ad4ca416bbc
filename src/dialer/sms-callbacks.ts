// What the provider's SMS status callbacks do, behind the route (src/routes/twilio/sms-webhooks.ts): a delivery status
// moves a message forward and reports its end. Texts arriving at our numbers: inbound-sms.ts.
import { eq } from 'drizzle-orm'
import { smsGateway, smsMessage } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import type { TelephonyProvider } from '../telephony/provider.js'
import { REFUSED, type Refused } from './call-callbacks.js'
import { canMoveSms, isFinalSms } from './send-sms.js'

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
