// For the opt-out listener (a STOP reply, an IVR opt-out, a carrier's report: whoever adds a number to the
// do-not-contact list calls this through the hook wired in src/app.ts): the organization's appointments still to
// come whose contact has that number send nothing more. One not answered yet becomes `opted_out`; one the patient
// has answered keeps the answer — "confirmed, then STOP so the texts end" is common, and the clinic must still see
// the yes (or the no, or the wish for a new time) — and only its steps still to come stop.
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { OPEN_ALARM } from '../../codes/alarm-status.js'
import { alarm, appointment, contact, reminder, REMINDER_REASON, type Appointment } from '../../db/schema/index.js'
import { addReminderNote, clockTime } from './notes.js'
import { stopSteps, syncReminders } from './sync.js'

const UNANSWERED: ReadonlySet<Appointment['confirmationStatus']> = new Set(['unconfirmed', 'unreachable'])

export async function markOptedOut(tx: Tx, input: { organizationId: number; phoneNumber: string }, now = new Date()): Promise<number> {
  const rows = await tx.select({ appointment }).from(appointment)
    .innerJoin(contact, eq(contact.uuid, appointment.contactUuid))
    .where(and(
      eq(appointment.organizationId, input.organizationId),
      gt(appointment.startDate, now),
      sql`${contact.phones} @> ${JSON.stringify([{ number: input.phoneNumber }])}::jsonb`,
    ))
  for (const { appointment: a } of rows) {
    if (a.confirmationStatus === 'opted_out') continue
    await addReminderNote(tx, a, `Opted out of reminders (${input.phoneNumber}) at ${clockTime(now, a)}`, now)
    if (UNANSWERED.has(a.confirmationStatus)) {
      await tx.update(appointment).set({ confirmationStatus: 'opted_out', confirmationChangedAt: now }).where(eq(appointment.id, a.id))
      await syncReminders(tx, a.id, { now })
    } else {
      const open = await tx.select({ reminder }).from(reminder).innerJoin(alarm, eq(alarm.id, reminder.alarmId))
        .where(and(eq(reminder.appointmentId, a.id), isNull(reminder.state),
          inArray(alarm.status, [...OPEN_ALARM])))
      await stopSteps(tx, open.map((o) => o.reminder), REMINDER_REASON.notWanted, now)
    }
  }
  return rows.length
}
