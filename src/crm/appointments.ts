import { and, arrayContains, asc, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { PG, pgErrorCode } from '../db/pg-error.js'
import {
  appointment, appointmentNote, appointmentNoteLink, contact, reminderPlan, type Appointment, type Contact, type NewAppointment,
} from '../db/schema/index.js'
import { badRequest, invalidField, notFound } from '../errors.js'
import { checkTimezone } from '../kit/validation.js'
import { noteType, type NoteType } from './choices.js'
import { beyond, decodeCursor, encodeCursor, type KeyTerm } from '../kit/cursor.js'
import { PAGE_SIZES, pageSize } from '../kit/pagination.js'
import { parseIsoDateTime, startOfDay } from '../kit/date-time.js'
import { parseOrdering } from './ordering.js'
import type { CrmScope } from './scope.js'
import { rethrowUnique } from './unique.js'
import { checkUuid, isUuid, optionalUuid, uuidList } from '../kit/values.js'
import { needsConfirmingAgain } from './reminders/confirmation.js'
import { planRef } from './reminders/plans.js'
import { syncReminders } from './reminders/sync.js'

/** What a request may write on an appointment (the HTTP schema, src/schemas/crm/appointment.ts, checks the shapes). */
export interface AppointmentBody {
  name?: string | null
  start_date?: string
  end_date?: string
  type?: string[]
  address?: string | null
  siteprofile_uuid?: string | null
  invitee_uuids?: string[] | null
  organization_uuid?: string | null
  notes?: { type?: number | string; note?: string | null }[] | null
  workflowlevel2_uuids?: string[] | null
  contact_uuid?: string | null
  summary?: string | null
  timezone?: string | null
  reminder_plan?: string | null
  reminders_enabled?: boolean | null
}

/** The list's filters, page and order. */
export interface AppointmentQuery {
  organization?: string
  page_size?: number
  cursor?: string
  ordering?: string
  contact_uuid?: string
  owner?: string
  invitee?: string
  workflowlevel2_uuid?: string
  siteprofile_uuid?: string
  start_date_gte?: string
  start_date_lte?: string
}


const UNIQUE = {
  appointment_note_link_one_per_type: ['notes', 'This appointment already has a note of this type.'],
} satisfies Record<string, [string, string]>

export interface NoteInput {
  type: NoteType
  note: string
}

export interface AppointmentView {
  row: Appointment
  notes: { id: number; note: string; type: number }[]
  contact: Contact | null
  /** the uuid of its reminder plan, if it names one */
  planUuid: string | null
}

/** Nested notes: at most one per type (the type defaults to 1, Primary). */
export function checkNotes(notes: AppointmentBody['notes']): NoteInput[] {
  const seen = new Set<NoteType>()
  return (notes ?? []).map((item, i) => {
    const type = item.type === undefined || item.type === null ? 1 : noteType(`notes.${i}.type`, item.type)
    if (seen.has(type)) throw invalidField(`notes.${i}.type`, 'Every note type is only allowed once per appointment.')
    seen.add(type)
    return { type, note: item.note ?? '' }
  })
}

const text = (value: string | null | undefined) => (value ?? '').trim()

/**
 * Body → column values. `full` (POST, PUT): fields left out get their defaults (the timezone the
 * organization's); otherwise (PATCH) only the fields present change. Times without an offset are
 * read in the appointment's (possibly new) time zone.
 */
async function toValues(tx: Tx, scope: CrmScope, body: AppointmentBody, full: boolean, current?: Appointment) {
  const has = (key: keyof AppointmentBody) => full || body[key] !== undefined
  const v: Partial<NewAppointment> = {}
  if (has('timezone')) v.timezone = body.timezone?.trim() ? checkTimezone('timezone', body.timezone.trim()) : scope.timezone
  const zone = v.timezone ?? current!.timezone
  if (body.start_date !== undefined) v.startDate = parseIsoDateTime('start_date', body.start_date, zone)
  if (body.end_date !== undefined) v.endDate = parseIsoDateTime('end_date', body.end_date, zone)
  const start = v.startDate ?? current?.startDate
  const end = v.endDate ?? current?.endDate
  if (start && end && start > end) {
    const problem = 'Start date cannot be later than end date.'
    throw badRequest(`start_date: ${problem}`, { start_date: problem, end_date: problem })
  }
  if (body.type !== undefined) {
    v.type = body.type.map((t, i) => {
      if (t.trim() === '') throw invalidField(`type.${i}`, 'This field may not be blank.')
      return t.trim()
    })
  }
  if (has('name')) v.name = text(body.name)
  if (has('address')) v.address = text(body.address)
  if (has('summary')) v.summary = body.summary ?? ''
  if (has('siteprofile_uuid')) v.siteprofileUuid = optionalUuid('siteprofile_uuid', body.siteprofile_uuid)
  if (has('invitee_uuids')) v.inviteeUuids = uuidList('invitee_uuids', body.invitee_uuids)
  if (has('workflowlevel2_uuids')) v.workflowlevel2Uuids = uuidList('workflowlevel2_uuids', body.workflowlevel2_uuids)
  const org = body.organization_uuid?.trim()
  if (org && org.toLowerCase() !== scope.organizationUuid) {
    throw invalidField('organization_uuid', "The Organization cannot be different than user's organization")
  }
  if (has('contact_uuid')) {
    const uuid = optionalUuid('contact_uuid', body.contact_uuid)
    if (uuid) {
      // FOR SHARE: the contact cannot be deleted before this appointment is committed.
      const [found] = await tx.select({ id: contact.id }).from(contact)
        .where(and(eq(contact.uuid, uuid), eq(contact.organizationId, scope.organizationId))).for('share')
      if (!found) throw invalidField('contact_uuid', 'No contact with this UUID in your organization.')
    }
    v.contactUuid = uuid
  }
  if (has('reminder_plan')) v.reminderPlanId = await planRef(tx, scope, 'reminder_plan', body.reminder_plan ?? null)
  if (has('reminders_enabled')) v.remindersEnabled = body.reminders_enabled ?? true
  return v
}

/**
 * Nested notes on create and update: the note of each given type is updated, or created and
 * linked; notes of other types stay (remove them with DELETE /appointmentnotes/{id}/).
 */
async function upsertNotes(tx: Tx, scope: CrmScope, appointmentId: number, notes: NoteInput[]): Promise<void> {
  for (const { type, note } of notes) {
    const [link] = await tx.select({ noteId: appointmentNoteLink.noteId }).from(appointmentNoteLink)
      .where(and(eq(appointmentNoteLink.appointmentId, appointmentId), eq(appointmentNoteLink.noteType, type)))
    if (link) {
      await tx.update(appointmentNote).set({ note, updatedAt: new Date() }).where(eq(appointmentNote.id, link.noteId))
    } else {
      const [created] = await tx.insert(appointmentNote).values({ organizationId: scope.organizationId, note, type }).returning()
      await tx.insert(appointmentNoteLink).values({ appointmentId, noteId: created!.id, noteType: type })
    }
  }
}

function byUuid(scope: CrmScope, uuid: string): SQL | undefined {
  return and(eq(appointment.uuid, uuid.toLowerCase()), eq(appointment.organizationId, scope.organizationId))
}

export async function getAppointment(db: Tx, scope: CrmScope, uuid: string): Promise<Appointment> {
  if (!isUuid(uuid)) throw notFound('Appointment')
  const [row] = await db.select().from(appointment).where(byUuid(scope, uuid))
  if (!row) throw notFound('Appointment')
  return row
}

function mapWriteError(err: unknown): never {
  if (pgErrorCode(err) === PG.foreignKeyViolation) throw invalidField('contact_uuid', 'No contact with this UUID in your organization.')
  return rethrowUnique(err, UNIQUE)
}

export async function createAppointment(db: Db, scope: CrmScope, body: AppointmentBody): Promise<Appointment> {
  const notes = checkNotes(body.notes)
  try {
    return await db.transaction(async (tx) => {
      const values = await toValues(tx, scope, body, true)
      const [row] = await tx.insert(appointment)
        .values({ ...values, organizationId: scope.organizationId, owner: scope.principal.uuid } as NewAppointment)
        .returning()
      await upsertNotes(tx, scope, row!.id, notes)
      await syncReminders(tx, row!.id)
      return reread(tx, row!.id)
    })
  } catch (err) {
    return mapWriteError(err)
  }
}

/** PUT (`full`) or PATCH. The owner and organization never change. */
export async function updateAppointment(db: Db, scope: CrmScope, uuid: string, body: AppointmentBody, full: boolean): Promise<Appointment> {
  if (!isUuid(uuid)) throw notFound('Appointment')
  const notes = checkNotes(body.notes)
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx.select().from(appointment).where(byUuid(scope, uuid)).for('update')
      if (!current) throw notFound('Appointment')
      const values = await toValues(tx, scope, body, full, current)
      const now = new Date()
      const [row] = await tx.update(appointment).set({ ...values, updatedAt: now }).where(eq(appointment.id, current.id)).returning()
      await upsertNotes(tx, scope, current.id, notes)
      if (remindersAffected(current, row!)) {
        if (row!.startDate.getTime() !== current.startDate.getTime()) await needsConfirmingAgain(tx, row!, now)
        await syncReminders(tx, current.id, { now })
      }
      return reread(tx, current.id)
    })
  } catch (err) {
    return mapWriteError(err)
  }
}

/**
 * Its notifications go with it; its notes stay (they may belong to other appointments too); its reminders still to
 * come are cancelled (their alarms and attempts stay in the alarm log).
 */
export async function deleteAppointment(db: Db, scope: CrmScope, uuid: string): Promise<void> {
  if (!isUuid(uuid)) throw notFound('Appointment')
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ id: appointment.id }).from(appointment).where(byUuid(scope, uuid)).for('update')
    if (!current) throw notFound('Appointment')
    await syncReminders(tx, current.id, { deleting: true })
    await tx.delete(appointment).where(eq(appointment.id, current.id))
  })
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

/** Nested notes and the contact of each appointment, in two queries. */
export async function withDetails(db: Tx, rows: Appointment[]): Promise<AppointmentView[]> {
  const ids = rows.map((r) => r.id)
  const notes = ids.length === 0 ? [] : await db
    .select({ appointmentId: appointmentNoteLink.appointmentId, id: appointmentNote.id, note: appointmentNote.note, type: appointmentNote.type })
    .from(appointmentNoteLink)
    .innerJoin(appointmentNote, eq(appointmentNote.id, appointmentNoteLink.noteId))
    .where(inArray(appointmentNoteLink.appointmentId, ids))
    .orderBy(appointmentNote.type)
  const contactUuids = [...new Set(rows.map((r) => r.contactUuid).filter((u): u is string => u !== null))]
  const contacts = contactUuids.length === 0 ? [] : await db.select().from(contact).where(inArray(contact.uuid, contactUuids))
  const planIds = [...new Set(rows.map((r) => r.reminderPlanId).filter((id): id is number => id !== null))]
  const plans = planIds.length === 0 ? [] : await db.select({ id: reminderPlan.id, uuid: reminderPlan.uuid }).from(reminderPlan)
    .where(inArray(reminderPlan.id, planIds))
  return rows.map((row) => ({
    row,
    notes: notes.filter((n) => n.appointmentId === row.id).map(({ id, note, type }) => ({ id, note, type })),
    contact: contacts.find((c) => c.uuid === row.contactUuid && c.organizationId === row.organizationId) ?? null,
    planUuid: plans.find((p) => p.id === row.reminderPlanId)?.uuid ?? null,
  }))
}

const ORDERING = { id: appointment.id, start_date: appointment.startDate, end_date: appointment.endDate }

/** `me` or a UUID; anything else is a 400 in the original's words. */
function meOrUuid(field: 'owner' | 'invitee', value: string, scope: CrmScope): string {
  if (value.trim().toLowerCase() === 'me') return scope.principal.uuid
  if (!isUuid(value.trim())) throw invalidField(field, `${field} field can only have value "me" or a valid User UUID`)
  return value.trim().toLowerCase()
}

function filters(scope: CrmScope, query: AppointmentQuery): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [eq(appointment.organizationId, scope.organizationId)]
  if (query.contact_uuid) where.push(eq(appointment.contactUuid, checkUuid('contact_uuid', query.contact_uuid)))
  if (query.owner) where.push(eq(appointment.owner, meOrUuid('owner', query.owner, scope)))
  if (query.invitee) where.push(arrayContains(appointment.inviteeUuids, [meOrUuid('invitee', query.invitee, scope)]))
  if (query.workflowlevel2_uuid) {
    where.push(arrayContains(appointment.workflowlevel2Uuids, [checkUuid('workflowlevel2_uuid', query.workflowlevel2_uuid)]))
  }
  if (query.siteprofile_uuid) where.push(eq(appointment.siteprofileUuid, checkUuid('siteprofile_uuid', query.siteprofile_uuid)))
  // Whole days in the organization's zone, both ends inclusive.
  if (query.start_date_gte) {
    where.push(gte(appointment.startDate, startOfDay('start_date_gte', query.start_date_gte, scope.timezone).toJSDate()))
  }
  if (query.start_date_lte) {
    const dayAfter = startOfDay('start_date_lte', query.start_date_lte, scope.timezone).plus({ days: 1 }).startOf('day')
    where.push(lt(appointment.startDate, dayAfter.toJSDate()))
  }
  return where
}

export async function listAppointments(db: Db, scope: CrmScope, query: AppointmentQuery) {
  const where = filters(scope, query)
  const terms = parseOrdering(query.ordering, ORDERING, ['id'])
  if (!terms.some((t) => t.name === 'id')) terms.push({ name: 'id', column: appointment.id, descending: false })
  const size = pageSize(query.page_size, PAGE_SIZES.cursor)
  const cursor = query.cursor ? decodeCursor(query.cursor, terms.length) : null
  const backwards = cursor?.r ?? false
  if (cursor) {
    const keyTerms: KeyTerm[] = terms.map((t, i) => {
      const raw = cursor.k[i]!
      const value = t.name === 'id' ? Number(raw) : new Date(raw)
      if (typeof value === 'number' ? !Number.isInteger(value) : Number.isNaN(value.getTime())) throw invalidField('cursor', 'Invalid cursor')
      return { column: t.column, descending: t.descending, value }
    })
    where.push(beyond(keyTerms, backwards))
  }
  const rows = await db.select().from(appointment).where(and(...where))
    .orderBy(...terms.map((t) => (t.descending !== backwards ? desc(t.column) : asc(t.column))))
    .limit(size + 1)
  const more = rows.length > size
  const page = rows.slice(0, size)
  if (backwards) page.reverse()
  const key = (row: Appointment) => terms.map((t) => (t.name === 'id' ? row.id : (t.name === 'start_date' ? row.startDate : row.endDate).getTime()))
  const first = page[0]
  const last = page[page.length - 1]
  const next = last && (backwards || more) ? encodeCursor({ k: key(last), r: false }) : null
  const previous = first && (backwards ? more : cursor !== null) ? encodeCursor({ k: key(first), r: true }) : null
  return { rows: page, next, previous }
}
