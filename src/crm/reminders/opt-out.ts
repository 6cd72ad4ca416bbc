// The CRM's consent listeners (wired in src/app.ts; every change to the do-not-contact list runs them in its own
// transaction). A number opts out — a STOP reply, the IVR's opt-out key, a carrier's report, the list — and the
// organization's appointments still to come that remind it send nothing more: one not answered yet becomes
// `opted_out`; one the patient has answered keeps the answer ("confirmed, then STOP so the texts end" is common, and
// the clinic must still see the yes, the no, or the wish for a new time) and only its steps still to come stop. The
// number opts back in — START, or taken off the list — and those appointments are reminded again: `opted_out` is
// `unconfirmed` once more, and the steps the opt-out stopped are planned again as the appointment stands.
import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { OPEN_ALARM } from '../../codes/alarm-status.js'
import { alarm, appointment, contact, organization, reminder, REMINDER_REASON, type Appointment } from '../../db/schema/index.js'
import { isDoNotContact } from '../../dialer/do-not-contact.js'
import { AppError } from '../../errors.js'
import { addReminderNote, clockTime } from './notes.js'
import { stopSteps, syncReminders } from './sync.js'
import { dialableOf, phoneOf } from './step-alarm.js'

const UNANSWERED: ReadonlySet<Appointment['confirmationStatus']> = new Set(['unconfirmed', 'unreachable'])

type NumberChange = { organizationId: number; phoneNumber: string }

/**
 * The organization's appointments still to come that remind this number: their contact has it (as written), or one of
 * their steps calls or texts it (a number written in national form is dialled in E.164).
 */
async function appointmentsOf(tx: Tx, input: NumberChange, now: Date): Promise<Appointment[]> {
  const rows = await tx.select({ appointment }).from(appointment)
    .leftJoin(contact, and(eq(contact.uuid, appointment.contactUuid), eq(contact.organizationId, appointment.organizationId)))
    .where(and(
      eq(appointment.organizationId, input.organizationId),
      gt(appointment.startDate, now),
      or(
        sql`${contact.phones} @> ${JSON.stringify([{ number: input.phoneNumber }])}::jsonb`,
        sql`exists (select 1 from ${reminder} join ${alarm} on ${alarm.id} = ${reminder.alarmId}
          where ${reminder.appointmentId} = ${appointment.id} and ${alarm.alarmPhonenumber} = ${input.phoneNumber})`,
      ),
    ))
    .orderBy(appointment.id)
    .for('update', { of: appointment })
  return rows.map((r) => r.appointment)
}

export async function markOptedOut(tx: Tx, input: NumberChange, now = new Date()): Promise<number> {
  const rows = await appointmentsOf(tx, input, now)
  for (const a of rows) {
    if (a.confirmationStatus === 'opted_out') continue
    await addReminderNote(tx, a, `Opted out of reminders (${input.phoneNumber}) at ${clockTime(now, a)}`, now)
    if (UNANSWERED.has(a.confirmationStatus)) {
      await tx.update(appointment).set({ confirmationStatus: 'opted_out', confirmationChangedAt: now }).where(eq(appointment.id, a.id))
      await syncReminders(tx, a.id, { now })
    } else {
      const open = await tx.select({ reminder }).from(reminder).innerJoin(alarm, eq(alarm.id, reminder.alarmId))
        .where(and(eq(reminder.appointmentId, a.id), isNull(reminder.state),
          inArray(alarm.status, [...OPEN_ALARM])))
      await stopSteps(tx, open.map((o) => o.reminder), REMINDER_REASON.optedOut, now)
    }
  }
  return rows.length
}

/**
 * The number is off the list: its appointments still to come are reminded again (their steps planned in the same
 * transaction), unless the number their reminders go to is still on it (the contact's other number opted out too).
 * An appointment whose steps cannot be planned now (a {tag} emptied since, a gateway removed) is still `unconfirmed`,
 * with the reason in its note: the opt-in itself must never fail. Returns how many appointments were reminded again.
 */
export async function markOptedIn(tx: Tx, input: NumberChange, now = new Date()): Promise<number> {
  const rows = await appointmentsOf(tx, input, now)
  let restored = 0
  for (const a of rows) {
    if (await remindsListedNumber(tx, a)) continue
    const note = `Opted in to reminders again (${input.phoneNumber}) at ${clockTime(now, a)}`
    if (a.confirmationStatus === 'opted_out') {
      await tx.update(appointment).set({ confirmationStatus: 'unconfirmed', confirmationChangedAt: now }).where(eq(appointment.id, a.id))
    }
    try {
      // A savepoint: a refusal undoes only this appointment's planning.
      await tx.transaction((t) => syncReminders(t, a.id, { now, optedBackIn: true }))
      await addReminderNote(tx, a, note, now)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      await addReminderNote(tx, a, `${note}; its reminders could not be planned: ${err.message}`, now)
    }
    restored++
  }
  return restored
}

/** Whether the number this appointment's reminders go to is (still) on the organization's do-not-contact list. */
async function remindsListedNumber(tx: Tx, a: Appointment): Promise<boolean> {
  if (a.contactUuid === null) return false
  const [row] = await tx.select({ phones: contact.phones, region: organization.defaultRegion }).from(contact)
    .innerJoin(organization, eq(organization.id, contact.organizationId))
    .where(and(eq(contact.uuid, a.contactUuid), eq(contact.organizationId, a.organizationId)))
  const written = row ? phoneOf(row) : null
  const number = written === null ? null : dialableOf(written, row!.region)
  return number !== null && (await isDoNotContact(tx, a.organizationId, number))
}
