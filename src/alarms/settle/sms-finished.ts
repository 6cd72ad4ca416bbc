// The end of an SMS attempt (`sms-finished`): its message's final delivery status, or its delivery deadline, turned
// into an AttemptOutcome for settleAttempt. (A call's attempt is settled with its final status: dialer-outcomes.ts;
// an e-mail's when it is handed over: send-alarm-email.ts.)
import { eq } from 'drizzle-orm'
import { ATTEMPT_REASON, smsGateway, smsMessage } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { addJob } from '../../queue/queue.js'
import type { SmsSnapshot } from '../../telephony/provider.js'
import { canMoveSms, isFinalSms } from '../../dialer/send-sms.js'
import { SMS_DELIVERY_DEADLINE_MS } from '../dispatch/start-sms.js'
import { lockOpenAttempt, settleAttempt } from './settle.js'

const overdue = (sms: { createdAt: Date }) => Date.now() - sms.createdAt.getTime() >= SMS_DELIVERY_DEADLINE_MS - 1000

/**
 * Settles an SMS alarm from its message: delivered, or failed, or — at the deadline, its status callbacks lost or
 * never sent — what the carrier says when asked (as dialer/reconcile-call.ts does for calls), else what it last said.
 */
export function createSmsFinished(deps: AppDeps) {
  return async function smsFinished({ smsId }: { smsId: number }): Promise<void> {
    const asked = await askCarrier(deps, smsId)
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
      const status = current!.status
      if (!isFinalSms(status) && !overdue(current!)) {
        await addJob(tx, 'sms-finished', { smsId }, { runAt: new Date(current!.createdAt.getTime() + SMS_DELIVERY_DEADLINE_MS) })
        return
      }
      // Many carriers never confirm delivery: a message the carrier took (`sent`) counts once the deadline passes.
      const success = status === 'delivered' || (!isFinalSms(status) && status === 'sent')
      const blocked = status === 'blocked'
      await settleAttempt(tx, deps, open.request.id, {
        success,
        retryable: !blocked,
        ...(!success && {
          code: blocked ? ATTEMPT_REASON.doNotContact : ATTEMPT_REASON.smsFailed,
          reason: blocked ? '' : `${status}${current!.error ? `, ${current!.error}` : ''}`,
        }),
      })
    })
  }
}

/** At the deadline, a message still without a final status: its carrier's answer, or null (not asked, or no answer). */
async function askCarrier(deps: AppDeps, smsId: number): Promise<SmsSnapshot | null> {
  const [row] = await deps.db.select({ sms: smsMessage, gateway: smsGateway }).from(smsMessage)
    .innerJoin(smsGateway, eq(smsGateway.id, smsMessage.smsGatewayId)).where(eq(smsMessage.id, smsId))
  if (!row?.sms.providerSid || isFinalSms(row.sms.status) || !overdue(row.sms)) return null
  try {
    return await deps.telephony.sms(row.gateway).fetchSms(row.sms.providerSid)
  } catch (err) {
    deps.logger.warn({ err, smsId }, 'could not ask the carrier for an SMS status; settling from what is known')
    return null
  }
}
