import { and, eq, inArray } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client.js'
import {
  appointment, appointmentDrivingTime, appointmentNote, appointmentNoteLink, contact, organization,
  type Appointment, type AppointmentDrivingTime, type NewAppointment,
} from '../../db/schema/index.js'
import { notFound } from '../../errors.js'
import { appointmentValues, checkNotes, type AppointmentBody, type NoteInput } from './appointment-values.js'
import { withDetails as contactDetails, type ContactView } from './contacts.js'
import { objectScope, type CrmScope } from './scope.js'
import { rethrowUnique } from './unique.js'
import { isUuid } from './values.js'

export type { AppointmentBody } from './appointment-values.js'

const UNIQUE = {
  appointment_note_link_one_per_type: ['notes', 'every type is only allowed once'],
} satisfies Record<string, [string, string]>

export interface AppointmentView {
  row: Appointment
  organizationUuid: string
  notes: { id: number; note: string; type: number }[]
  drivingTimes: AppointmentDrivingTime[]
  /** the contact named by contact_uuid, when it is one of the appointment's organization */
  contact: ContactView | null
}

/**
 * Nested notes on create and update: the note of each given type is updated, or created and
 * linked; notes of other types stay (remove them with DELETE /appointmentnotes/{id}/).
 */
async function upsertNotes(tx: Tx, organizationId: number, appointmentId: number, notes: NoteInput[]): Promise<void> {
  for (const { type, note } of notes) {
    const [link] = await tx.select({ noteId: appointmentNoteLink.noteId }).from(appointmentNoteLink)
      .where(and(eq(appointmentNoteLink.appointmentId, appointmentId), eq(appointmentNoteLink.noteType, type)))
    if (link) {
      await tx.update(appointmentNote).set({ note, updatedAt: new Date() }).where(eq(appointmentNote.id, link.noteId))
    } else {
      const [created] = await tx.insert(appointmentNote).values({ organizationId, note, type }).returning()
      await tx.insert(appointmentNoteLink).values({ appointmentId, noteId: created!.id, noteType: type })
    }
  }
}

/**
 * An appointment by uuid and the scope to act on it in. As the original's OrganizationPermission:
 * its organization's members, its owner (wherever the owner now works) and superusers; anyone
 * else gets 403.
 */
export async function reachAppointment(tx: Tx, scope: CrmScope, uuid: string, lock = false): Promise<{ row: Appointment; scope: CrmScope }> {
  if (!isUuid(uuid)) throw notFound('Appointment')
  const query = tx.select().from(appointment).where(eq(appointment.uuid, uuid.toLowerCase()))
  const [row] = lock ? await query.for('update') : await query
  if (!row) throw notFound('Appointment')
  return { row, scope: await objectScope(tx, scope, row.organizationId, row.owner) }
}

export async function getAppointment(db: Db, scope: CrmScope, uuid: string): Promise<AppointmentView> {
  return one(db, (await reachAppointment(db, scope, uuid)).row)
}

/** Owned by the caller, in the scope's organization. */
export async function createAppointment(db: Db, scope: CrmScope, body: AppointmentBody): Promise<AppointmentView> {
  const notes = checkNotes(body.notes)
  try {
    return await db.transaction(async (tx) => {
      const values = appointmentValues(scope, body)
      const [row] = await tx.insert(appointment)
        .values({ ...values, organizationId: scope.organizationId, owner: scope.principal.uuid } as NewAppointment)
        .returning()
      await upsertNotes(tx, scope.organizationId, row!.id, notes)
      return one(tx, row!)
    })
  } catch (err) {
    return rethrowUnique(err, UNIQUE)
  }
}

/** PUT and PATCH alike (the original forced partial updates). The owner and organization never change. */
export async function updateAppointment(db: Db, scope: CrmScope, uuid: string, body: AppointmentBody): Promise<AppointmentView> {
  const notes = checkNotes(body.notes)
  try {
    return await db.transaction(async (tx) => {
      const { row: current, scope: inScope } = await reachAppointment(tx, scope, uuid, true)
      const values = appointmentValues(inScope, body, current, inScope.organizationUuid)
      const [row] = await tx.update(appointment).set({ ...values, updatedAt: new Date() }).where(eq(appointment.id, current.id)).returning()
      await upsertNotes(tx, current.organizationId, current.id, notes)
      return one(tx, row!)
    })
  } catch (err) {
    return rethrowUnique(err, UNIQUE)
  }
}

/** Its notifications and driving times go with it; its notes stay (they may belong to other appointments too). */
export async function deleteAppointment(db: Db, scope: CrmScope, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { row } = await reachAppointment(tx, scope, uuid, true)
    await tx.delete(appointment).where(eq(appointment.id, row.id))
  })
}

async function one(tx: Tx, row: Appointment): Promise<AppointmentView> {
  return (await withDetails(tx, [row]))[0]!
}

/** Nested notes, driving times and contacts of appointments, in a few queries. */
export async function withDetails(tx: Tx, rows: Appointment[]): Promise<AppointmentView[]> {
  const ids = rows.map((r) => r.id)
  if (ids.length === 0) return []
  const notes = await tx
    .select({ appointmentId: appointmentNoteLink.appointmentId, id: appointmentNote.id, note: appointmentNote.note, type: appointmentNote.type })
    .from(appointmentNoteLink)
    .innerJoin(appointmentNote, eq(appointmentNote.id, appointmentNoteLink.noteId))
    .where(inArray(appointmentNoteLink.appointmentId, ids))
    .orderBy(appointmentNote.id)
  const drives = await tx.select().from(appointmentDrivingTime).where(inArray(appointmentDrivingTime.appointmentId, ids))
    .orderBy(appointmentDrivingTime.createdAt, appointmentDrivingTime.uuid)
  const orgs = await tx.select({ id: organization.id, uuid: organization.uuid }).from(organization)
    .where(inArray(organization.id, [...new Set(rows.map((r) => r.organizationId))]))
  const contactUuids = [...new Set(rows.map((r) => r.contactUuid).filter((u): u is string => u !== null))]
  const contacts = contactUuids.length === 0 ? [] : await contactDetails(tx, await tx.select().from(contact).where(inArray(contact.uuid, contactUuids)))
  return rows.map((row) => ({
    row,
    organizationUuid: orgs.find((o) => o.id === row.organizationId)!.uuid,
    notes: notes.filter((n) => n.appointmentId === row.id).map(({ id, note, type }) => ({ id, note, type })),
    drivingTimes: drives.filter((d) => d.appointmentId === row.id),
    // Another organization's contact is never shown, though the original showed it.
    contact: contacts.find((c) => c.row.uuid === row.contactUuid && c.row.organizationId === row.organizationId) ?? null,
  }))
}
