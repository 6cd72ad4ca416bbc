import { and, asc, count, eq, inArray, notInArray, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { appointment, appointmentNote, appointmentNoteLink, type AppointmentNote } from '../db/schema/index.js'
import { invalidField, notFound } from '../errors.js'
import { noteType, type NoteType } from './choices.js'
import type { CrmScope } from './scope.js'
import { conflictOn, rethrowUnique } from './unique.js'
import { PAGE_SIZES, pageSize } from '../kit/pagination.js'

export interface NoteWrite {
  note?: string | null
  type?: number | string
  /** appointment UUIDs (already parsed from hyperlinks); undefined = leave the links alone */
  appointments?: string[] | null
}

const UNIQUE = {
  appointment_note_link_one_per_type: ['type', 'One of the appointments already has a note of this type.'],
} satisfies Record<string, [string, string]>


export async function getNote(db: Tx, scope: CrmScope, id: number): Promise<AppointmentNote> {
  const [row] = await db.select().from(appointmentNote)
    .where(and(eq(appointmentNote.id, id), eq(appointmentNote.organizationId, scope.organizationId)))
  if (!row) throw notFound('AppointmentNote')
  return row
}

/** UUIDs of the appointments each note is attached to. */
export async function appointmentsOf(db: Tx, noteIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(noteIds.map((id) => [id, []]))
  if (noteIds.length === 0) return out
  const rows = await db.select({ noteId: appointmentNoteLink.noteId, uuid: appointment.uuid })
    .from(appointmentNoteLink)
    .innerJoin(appointment, eq(appointment.id, appointmentNoteLink.appointmentId))
    .where(inArray(appointmentNoteLink.noteId, noteIds))
    .orderBy(appointment.id)
  for (const row of rows) out.get(row.noteId)?.push(row.uuid)
  return out
}

/** The organization's appointments with these UUIDs, locked so their note sets cannot change under us. */
async function lockAppointments(tx: Tx, scope: CrmScope, uuids: string[]): Promise<number[]> {
  const unique = [...new Set(uuids)]
  if (unique.length === 0) return []
  const rows = await tx.select({ id: appointment.id, uuid: appointment.uuid }).from(appointment)
    .where(and(inArray(appointment.uuid, unique), eq(appointment.organizationId, scope.organizationId)))
    .orderBy(appointment.id)
    .for('update')
  const missing = unique.find((u) => !rows.some((r) => r.uuid === u))
  if (missing) throw invalidField('appointments', `No appointment ${missing} in your organization.`)
  return rows.map((r) => r.id)
}

async function checkTypeFree(tx: Tx, appointmentIds: number[], type: NoteType, noteId?: number): Promise<void> {
  if (appointmentIds.length === 0) return
  const [taken] = await tx.select({ appointmentId: appointmentNoteLink.appointmentId }).from(appointmentNoteLink)
    .where(and(
      inArray(appointmentNoteLink.appointmentId, appointmentIds),
      eq(appointmentNoteLink.noteType, type),
      noteId === undefined ? undefined : notInArray(appointmentNoteLink.noteId, [noteId]),
    ))
  if (taken) throw conflictOn(...UNIQUE.appointment_note_link_one_per_type)
}

export async function createNote(db: Db, scope: CrmScope, input: NoteWrite): Promise<AppointmentNote> {
  const type = input.type === undefined ? 1 : noteType('type', input.type)
  try {
    return await db.transaction(async (tx) => {
      const appointmentIds = await lockAppointments(tx, scope, input.appointments ?? [])
      await checkTypeFree(tx, appointmentIds, type)
      const [row] = await tx.insert(appointmentNote).values({ organizationId: scope.organizationId, note: input.note ?? '', type }).returning()
      if (appointmentIds.length > 0) {
        await tx.insert(appointmentNoteLink).values(appointmentIds.map((appointmentId) => ({ appointmentId, noteId: row!.id, noteType: type })))
      }
      return row!
    })
  } catch (err) {
    return rethrowUnique(err, UNIQUE)
  }
}

/** PUT (`full`: note required, type back to 1 if left out) or PATCH. A type change follows into every link. */
export async function updateNote(db: Db, scope: CrmScope, id: number, input: NoteWrite, full: boolean): Promise<AppointmentNote> {
  try {
    return await db.transaction(async (tx) => {
      const current = await getNote(tx, scope, id)
      const type = input.type !== undefined ? noteType('type', input.type) : full ? 1 : (current.type as NoteType)
      const linked = await tx.select({ appointmentId: appointmentNoteLink.appointmentId }).from(appointmentNoteLink)
        .where(eq(appointmentNoteLink.noteId, id))
      let targets = linked.map((l) => l.appointmentId)
      if (input.appointments !== undefined) {
        targets = await lockAppointments(tx, scope, input.appointments ?? [])
        const keep = targets.length > 0 ? notInArray(appointmentNoteLink.appointmentId, targets) : undefined
        await tx.delete(appointmentNoteLink).where(and(eq(appointmentNoteLink.noteId, id), keep))
      }
      await checkTypeFree(tx, targets, type, id)
      const [row] = await tx.update(appointmentNote)
        .set({ note: input.note !== undefined || full ? input.note ?? '' : current.note, type, updatedAt: new Date() })
        .where(eq(appointmentNote.id, id)).returning()
      const already = new Set(linked.map((l) => l.appointmentId))
      const added = targets.filter((t) => !already.has(t))
      if (added.length > 0) {
        await tx.insert(appointmentNoteLink).values(added.map((appointmentId) => ({ appointmentId, noteId: id, noteType: type })))
      }
      return row!
    })
  } catch (err) {
    return rethrowUnique(err, UNIQUE)
  }
}

export async function deleteNote(db: Db, scope: CrmScope, id: number): Promise<void> {
  const deleted = await db.delete(appointmentNote)
    .where(and(eq(appointmentNote.id, id), eq(appointmentNote.organizationId, scope.organizationId)))
    .returning({ id: appointmentNote.id })
  if (deleted.length === 0) throw notFound('AppointmentNote')
}

export async function listNotes(
  db: Db, scope: CrmScope, query: { limit?: number; offset?: number; appointment?: string; type?: string },
) {
  const where: (SQL | undefined)[] = [eq(appointmentNote.organizationId, scope.organizationId)]
  if (query.type !== undefined && query.type !== '') where.push(eq(appointmentNote.type, noteType('type', query.type)))
  if (query.appointment !== undefined) {
    const linked = db.select({ id: appointmentNoteLink.noteId }).from(appointmentNoteLink)
      .innerJoin(appointment, eq(appointment.id, appointmentNoteLink.appointmentId))
      .where(eq(appointment.uuid, query.appointment))
    where.push(inArray(appointmentNote.id, linked))
  }
  const limit = pageSize(query.limit, PAGE_SIZES.limitOffset)
  const offset = query.offset ?? 0
  const [total] = await db.select({ n: count() }).from(appointmentNote).where(and(...where))
  const rows = await db.select().from(appointmentNote).where(and(...where)).orderBy(asc(appointmentNote.id)).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows, limit, offset }
}
