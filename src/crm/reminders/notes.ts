import { DateTime } from 'luxon'
import { and, eq, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { appointmentNote, appointmentNoteLink, type Appointment } from '../../db/schema/index.js'

/** Reminders write on the appointment's Secondary note (an appointment has at most one note per type). */
const REMINDER_NOTE_TYPE = 2

/** "10:02" in the appointment's zone. */
export const clockTime = (at: Date, a: Pick<Appointment, 'timezone'>) => DateTime.fromJSDate(at, { zone: a.timezone }).toFormat('HH:mm')

/** Adds a line to the appointment's Secondary note, making the note if it has none. */
export async function addReminderNote(tx: Tx, a: Pick<Appointment, 'id' | 'organizationId'>, line: string, now = new Date()): Promise<void> {
  const [link] = await tx.select({ noteId: appointmentNoteLink.noteId }).from(appointmentNoteLink)
    .where(and(eq(appointmentNoteLink.appointmentId, a.id), eq(appointmentNoteLink.noteType, REMINDER_NOTE_TYPE)))
  if (link) {
    await tx.update(appointmentNote)
      .set({ note: sql`case when ${appointmentNote.note} = '' then ${line} else ${appointmentNote.note} || E'\\n' || ${line} end`, updatedAt: now })
      .where(eq(appointmentNote.id, link.noteId))
    return
  }
  const [note] = await tx.insert(appointmentNote).values({ organizationId: a.organizationId, note: line, type: REMINDER_NOTE_TYPE }).returning()
  await tx.insert(appointmentNoteLink).values({ appointmentId: a.id, noteId: note!.id, noteType: REMINDER_NOTE_TYPE })
}
