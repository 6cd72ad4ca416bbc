// For the opt-out listener (a STOP reply, an IVR opt-out, a carrier's report: whoever adds a number to the
// do-not-contact list calls this through the hook wired in src/app.ts): the organization's appointments still to
// come whose contact has that number become `opted_out`, and their steps stop.
import { and, eq, gt, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { appointment, contact } from '../../db/schema/index.js'
import { addReminderNote, clockTime } from './notes.js'
import { syncReminders } from './sync.js'

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
    await tx.update(appointment).set({ confirmationStatus: 'opted_out', confirmationChangedAt: now }).where(eq(appointment.id, a.id))
    await addReminderNote(tx, a, `Opted out of reminders (${input.phoneNumber}) at ${clockTime(now, a)}`, now)
    await syncReminders(tx, a.id, { now })
  }
  return rows.length
}
