import { sql } from 'drizzle-orm'
import { check, foreignKey, index, integer, pgTable, primaryKey, serial, smallint, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core'
import { appointment } from './appointment.js'
import { organization } from './organization.js'

/** A note on one or more appointments. type: 1 Primary, 2 Secondary, 3 OOO Reason, 4 OOO Note. */
export const appointmentNote = pgTable(
  'appointment_note',
  {
    id: serial('id').primaryKey(),
    organizationId: integer('organization_id').notNull().references(() => organization.id, { onDelete: 'cascade' }),
    note: text('note').notNull().default(''),
    type: smallint('type').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('appointment_note_type', sql`${t.type} between 1 and 4`),
    // target of the link's composite key, so a type change cascades into the links
    unique('appointment_note_id_type').on(t.id, t.type),
    index('appointment_note_organization').on(t.organizationId),
  ],
)

/**
 * Appointment ↔ note (many to many). The note's type is copied here (kept in step by ON UPDATE
 * CASCADE) so that "at most one note of each type per appointment" is a unique index.
 */
export const appointmentNoteLink = pgTable(
  'appointment_note_link',
  {
    appointmentId: integer('appointment_id').notNull().references(() => appointment.id, { onDelete: 'cascade' }),
    noteId: integer('note_id').notNull(),
    noteType: smallint('note_type').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.appointmentId, t.noteId] }),
    foreignKey({ name: 'appointment_note_link_note', columns: [t.noteId, t.noteType], foreignColumns: [appointmentNote.id, appointmentNote.type] })
      .onDelete('cascade').onUpdate('cascade'),
    uniqueIndex('appointment_note_link_one_per_type').on(t.appointmentId, t.noteType),
    index('appointment_note_link_note').on(t.noteId),
  ],
)

export type AppointmentNote = typeof appointmentNote.$inferSelect
