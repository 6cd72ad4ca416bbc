import { eq } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { appointment, type Appointment, type ConfirmationStatus } from '../../db/schema/index.js'
import { addReminderNote } from './notes.js'
import { sayDate, sayTime } from './wording.js'

/** Answers about the old time that say nothing about the new one. */
const ABOUT_THE_OLD_TIME: ConfirmationStatus[] = ['confirmed', 'cancelled', 'reschedule_requested', 'unreachable']

/**
 * An appointment moved after an answer (typically the new time a patient asked for) is unconfirmed again, so its
 * reminders are planned for the new time; opting out stays.
 */
export async function needsConfirmingAgain(tx: Tx, a: Appointment, now: Date): Promise<void> {
  if (!ABOUT_THE_OLD_TIME.includes(a.confirmationStatus)) return
  await tx.update(appointment).set({ confirmationStatus: 'unconfirmed', confirmationChangedAt: now }).where(eq(appointment.id, a.id))
  const when = `${sayDate(a.startDate, a.timezone, null)} at ${sayTime(a.startDate, a.timezone, null)}`
  await addReminderNote(tx, a, `Moved to ${when}: was ${a.confirmationStatus.replace('_', ' ')}, to be confirmed again`, now)
}
