import { eq } from 'drizzle-orm'
import type { JobHelpers } from 'graphile-worker'
import { ATTEMPT_REASON, event } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { domainOf } from '../../mail/mailer.js'
import { lockOpenAttempt, settleAttempt } from './settle.js'
import { fillText } from '../texts.js'

/**
 * Sends the e-mail of one attempt under the attempt's lock, recording it (email_message) in the same transaction, so a
 * rerun after a crash finds the attempt settled. A temporary SMTP failure is retried by the job (with backoff) a few
 * times before it counts as a failed attempt.
 */
export function createSendAlarmEmail(deps: AppDeps) {
  const { db, mailer, config } = deps
  return async function sendAlarmEmail({ alarmRequestId }: { alarmRequestId: number }, helpers: JobHelpers): Promise<void> {
    const transient = await db.transaction(async (tx) => {
      const open = await lockOpenAttempt(tx, alarmRequestId)
      if (!open) return null
      const a = open.alarm
      const [ev] = await tx.select().from(event).where(eq(event.id, a.eventId))
      if (!ev || !a.alarmEmail || !a.mailSubject || !a.mailText) {
        await settleAttempt(tx, deps, alarmRequestId, {
          success: false, retryable: false, code: ATTEMPT_REASON.incompleteAlarm, reason: 'an e-mail alarm needs alarm_email, mail_subject and mail_text',
        })
        return null
      }
      const sent = await mailer.send({
        to: a.alarmEmail,
        subject: fillText(a.mailSubject, ev),
        text: fillText(a.mailText, ev),
        messageId: `<alarm-request-${alarmRequestId}@${domainOf(config.mailFrom)}>`,
      }, { tx })
      if (!sent.ok && !sent.permanent && helpers.job.attempts < helpers.job.max_attempts - 2) return sent.error
      await settleAttempt(tx, deps, alarmRequestId, sent.ok
        ? { success: true, retryable: true }
        : { success: false, retryable: !sent.permanent, code: ATTEMPT_REASON.mailFailed, reason: `SMTP: ${sent.error}` })
      return null
    })
    if (transient !== null) throw new Error(`alarm e-mail of request ${alarmRequestId} not accepted: ${transient}`)
  }
}
