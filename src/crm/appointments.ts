import { and, eq, inArray } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import {
  appointment, appointmentDrivingTime, appointmentNote, appointmentNoteLink, contact, organization, reminderPlan,
  type Appointment, type AppointmentDrivingTime, type NewAppointment,
} from '../db/schema/index.js'
import { notFound } from '../errors.js'
import { isUuid } from '../kit/values.js'
import { appointmentValues, checkNotes, type AppointmentBody, type NoteInput } from './appointment-values.js'
import { withDetails as contactDetails, type ContactView } from './contacts.js'
import { needsConfirmingAgain } from './reminders/confirmation.js'
import { planRef } from './reminders/plans.js'
import { syncReminders } from './reminders/sync.js'
import { objectScope, type CrmScope } from './scope.js'
import { rethrowUnique } from './unique.js'

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
  /** the uuid of its reminder plan, if it names one */
  planUuid: string | null
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
      const values = { ...appointmentValues(scope, body), ...await reminderValues(tx, scope, body) }
      const [row] = await tx.insert(appointment)
        .values({ ...values, organizationId: scope.organizationId, owner: scope.principal.uuid } as NewAppointment)
        .returning()
      await upsertNotes(tx, scope.organizationId, row!.id, notes)
      await syncReminders(tx, row!.id)
      return one(tx, await reread(tx, row!.id))
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
      const values = { ...appointmentValues(inScope, body, current, inScope.organizationUuid), ...await reminderValues(tx, inScope, body) }
      const now = new Date()
      const [row] = await tx.update(appointment).set({ ...values, updatedAt: now }).where(eq(appointment.id, current.id)).returning()
      await upsertNotes(tx, current.organizationId, current.id, notes)
      if (remindersAffected(current, row!)) {
        if (row!.startDate.getTime() !== current.startDate.getTime()) await needsConfirmingAgain(tx, row!, now)
        await syncReminders(tx, current.id, { now })
      }
      return one(tx, await reread(tx, current.id))
    })
  } catch (err) {
    return rethrowUnique(err, UNIQUE)
  }
}

/**
 * Its notifications and driving times go with it; its notes stay (they may belong to other appointments too); its
 * reminders still to come are cancelled (their alarms and attempts stay in the alarm log).
 */
export async function deleteAppointment(db: Db, scope: CrmScope, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { row } = await reachAppointment(tx, scope, uuid, true)
    await syncReminders(tx, row.id, { deleting: true })
    await tx.delete(appointment).where(eq(appointment.id, row.id))
  })
}

/** The reminder plan a body names, in the appointment's organization (a plan reference needs the database). */
async function reminderValues(tx: Tx, scope: CrmScope, body: AppointmentBody): Promise<Partial<NewAppointment>> {
  return body.reminder_plan === undefined ? {} : { reminderPlanId: await planRef(tx, scope, 'reminder_plan', body.reminder_plan ?? null) }
}

async function reread(tx: Tx, id: number): Promise<Appointment> {
  const [row] = await tx.select().from(appointment).where(eq(appointment.id, id))
  return row!
}

/** What its reminders say or when they go: a change here plans them again. */
function remindersAffected(before: Appointment, after: Appointment): boolean {
  return before.startDate.getTime() !== after.startDate.getTime() || before.endDate.getTime() !== after.endDate.getTime()
    || before.contactUuid !== after.contactUuid || before.reminderPlanId !== after.reminderPlanId
    || before.remindersEnabled !== after.remindersEnabled || before.timezone !== after.timezone
    || before.address !== after.address || before.name !== after.name || before.summary !== after.summary
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
  const planIds = [...new Set(rows.map((r) => r.reminderPlanId).filter((id): id is number => id !== null))]
  const plans = planIds.length === 0 ? [] : await tx.select({ id: reminderPlan.id, uuid: reminderPlan.uuid }).from(reminderPlan)
    .where(inArray(reminderPlan.id, planIds))
  return rows.map((row) => ({
    row,
    organizationUuid: orgs.find((o) => o.id === row.organizationId)!.uuid,
    notes: notes.filter((n) => n.appointmentId === row.id).map(({ id, note, type }) => ({ id, note, type })),
    drivingTimes: drives.filter((d) => d.appointmentId === row.id),
    // Another organization's contact is never shown, though the original showed it.
    contact: contacts.find((c) => c.row.uuid === row.contactUuid && c.row.organizationId === row.organizationId) ?? null,
    planUuid: plans.find((p) => p.id === row.reminderPlanId)?.uuid ?? null,
  }))
}
