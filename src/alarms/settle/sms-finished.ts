// The end of an SMS attempt (`sms-finished`): its message's final delivery status, or its delivery deadline, turned
// into an AttemptOutcome for settleAttempt. (A call's attempt is settled with its final status: dialer-outcomes.ts;
// an e-mail's when it is handed over: send-alarm-email.ts.)
import { eq } from 'drizzle-orm'
import { ATTEMPT_REASON, smsGateway, smsMessage } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { addJob } from '../../queue/queue.js'
import type { SmsSnapshot } from '../../telephony/provider.js'
import { canMoveSms, isFinalSms } from '../../dialer/send-sms.js'
import { lockOpenAttempt, settleAttempt, type AttemptOutcome } from './settle.js'
import { CARRIER_ERROR_KIND, classifyCarrierError } from '../../dialer/carrier-errors.js'

const overdue = (sms: { createdAt: Date }, deadlineMs: number) => Date.now() - sms.createdAt.getTime() >= deadlineMs - 1000

/**
 * Settles an SMS alarm from its message: delivered, or failed, or — at the deadline, its status callbacks lost or
 * never sent — what the carrier says when asked (as dialer/reconcile-call.ts does for calls). A message the carrier still
 * holds unsent is not sent again (that is how patients got two texts): it is asked about again until its validity
 * period ends — the carrier drops it then — and only then counted as failed.
 */
export function createSmsFinished(deps: AppDeps) {
  const deadlineMs = deps.config.smsDeliveryDeadline * 1000
  return async function smsFinished({ smsId }: { smsId: number }): Promise<void> {
    const asked = await askCarrier(deps, smsId, deadlineMs)
    await deps.db.transaction(async (tx) => {
      const [sms] = await tx.select().from(smsMessage).where(eq(smsMessage.id, smsId))
      if (!sms || sms.alarmRequestId === null) return
      const open = await lockOpenAttempt(tx, sms.alarmRequestId)
      // Settled already, or this is the failure text of a call alarm: nothing to decide.
      if (!open) return
      let [current] = await tx.select().from(smsMessage).where(eq(smsMessage.id, smsId)).for('update')
      if (asked && canMoveSms(current!.status, asked.status)) {
        ;[current] = await tx.update(smsMessage).set({ status: asked.status, errorCode: asked.errorCode, updatedAt: new Date() })
          .where(eq(smsMessage.id, smsId)).returning()
        deps.logger.warn({ smsId, status: asked.status }, 'SMS status taken from the carrier (its callback never arrived)')
      }
      const message = current!
      if (!isFinalSms(message.status) && !overdue(message, deadlineMs)) {
        await addJob(tx, 'sms-finished', { smsId }, { runAt: new Date(message.createdAt.getTime() + deadlineMs) })
        return
      }
      const held = !isFinalSms(message.status) && message.status !== 'sent'
      if (held && message.validUntil && message.validUntil.getTime() > Date.now()) {
        const again = new Date(Math.min(message.validUntil.getTime() + ASK_AFTER_VALIDITY_MS, Date.now() + deadlineMs))
        await addJob(tx, 'sms-finished', { smsId }, { runAt: again })
        deps.logger.info({ smsId, status: message.status, again }, 'SMS still queued at its deadline: asked again later, not sent again')
        return
      }
      await settleAttempt(tx, deps, open.request.id, smsOutcome(message, held))
    })
  }
}

/** After the validity period the carrier has dropped a message it still held; this is when it is asked once more. */
const ASK_AFTER_VALIDITY_MS = 30_000

/**
 * Many carriers never confirm delivery: a message the carrier took (`sent`) counts once the deadline passes. One it
 * still holds when it stops being useful, or one a permanent carrier error refused, is not worth another attempt.
 */
function smsOutcome(message: typeof smsMessage.$inferSelect, held: boolean): AttemptOutcome {
  const { status } = message
  if (status === 'delivered' || status === 'sent') return { success: true, retryable: true }
  if (status === 'blocked') return { success: false, retryable: false, code: ATTEMPT_REASON.doNotContact, reason: '' }
  const code = message.errorCode === null ? null : Number(message.errorCode)
  const detail = `${status}${message.error ? `, ${message.error}` : message.errorCode ? ` (carrier error ${message.errorCode})` : ''}`
  if (held || code === VALIDITY_EXPIRED || message.error?.startsWith('no longer useful')) {
    const why = held ? (message.providerSid ? `still ${status} at the carrier when its event started` : 'not handed to the carrier before its event started')
      : code === VALIDITY_EXPIRED ? 'the carrier dropped it unsent (carrier error 30036)' : 'its event had started before it could be sent'
    return { success: false, retryable: false, code: ATTEMPT_REASON.smsExpired, reason: why }
  }
  const carrier = code === null || !Number.isInteger(code) ? null : classifyCarrierError({ status: null, code, message: detail }, { creates: false })
  if (carrier?.kind === CARRIER_ERROR_KIND.permanent) {
    return { success: false, retryable: false, code: carrier.reason!, reason: carrier.detail, numberUnusable: true }
  }
  return { success: false, retryable: true, code: ATTEMPT_REASON.smsFailed, reason: detail }
}

/** Twilio's "Validity Period Expired": the carrier dropped the message unsent. */
const VALIDITY_EXPIRED = 30036

/** At the deadline, a message still without a final status: its carrier's answer, or null (not asked, or no answer). */
async function askCarrier(deps: AppDeps, smsId: number, deadlineMs: number): Promise<SmsSnapshot | null> {
  const [row] = await deps.db.select({ sms: smsMessage, gateway: smsGateway }).from(smsMessage)
    .innerJoin(smsGateway, eq(smsGateway.id, smsMessage.smsGatewayId)).where(eq(smsMessage.id, smsId))
  if (!row?.sms.providerSid || isFinalSms(row.sms.status) || !overdue(row.sms, deadlineMs)) return null
  try {
    return await deps.telephony.sms(row.gateway).fetchSms(row.sms.providerSid)
  } catch (err) {
    deps.logger.warn({ err, smsId }, 'could not ask the carrier for an SMS status; settling from what is known')
    return null
  }
}
