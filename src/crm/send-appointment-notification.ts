import { eq, sql } from 'drizzle-orm'
import { appointment, appointmentNotification } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { domainOf, textToHtml } from '../mail/mailer.js'
import { renderTexts } from './appointment-notifications.js'
import type { TaskHandler } from '../queue/tasks.js'

/**
 * Sends one appointment notification, at most once however often the job runs: the row is locked
 * while sending and `sent_at` is set in the same transaction, so a second run (a repeated request,
 * a retry, a duplicate job) waits and then finds it sent. A failed attempt is recorded (status
 * `failed`, the error) and thrown, so graphile-worker retries it with exponential backoff.
 */
export function createSendAppointmentNotification(deps: AppDeps): TaskHandler<'send-appointment-notification'> {
  const { db, mailer, config } = deps
  return async ({ notificationId }) => {
    const failure = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(appointmentNotification)
        .where(eq(appointmentNotification.id, notificationId)).for('update')
      if (!row || row.sentAt || !row.sendNotification) return null
      // Moved to a later time after this job was queued: the job queued for that time sends it.
      if (row.sendAt && row.sendAt.getTime() > Date.now() + 1000) return null
      const [target] = await tx.select().from(appointment).where(eq(appointment.id, row.appointmentId))
      if (!target) return null
      // Generated texts follow the appointment as it is now (it may have moved since the request).
      const { subject, message } = await renderTexts(tx, target, row)
      const result = await mailer.send({
        to: row.recipient,
        subject,
        text: message,
        html: textToHtml(message),
        // stable, so that a resend after a crash between SMTP and commit is recognisable as the same mail
        messageId: `<appointment-notification-${row.id}-${row.createdAt.getTime()}@${domainOf(config.mailFrom)}>`,
      }, { tx })
      const common = { subject, message, attempts: sql`${appointmentNotification.attempts} + 1`, updatedAt: new Date() }
      if (result.ok) {
        await tx.update(appointmentNotification).set({ ...common, sentAt: new Date(), status: 'sent', error: null })
          .where(eq(appointmentNotification.id, row.id))
        return null
      }
      await tx.update(appointmentNotification).set({ ...common, status: 'failed', error: result.error })
        .where(eq(appointmentNotification.id, row.id))
      return result.error
    })
    if (failure !== null) throw new Error(`appointment notification ${notificationId} not sent: ${failure}`)
  }
}
