import type { Appointment, NewAppointment } from '../db/schema/index.js'
import { invalidField, nonFieldError } from '../errors.js'
import { parseIsoDateTime } from '../kit/date-time.js'
import { checkTimezone } from '../kit/validation.js'
import { optionalUuid, uuidList } from '../kit/values.js'
import { noteType, type NoteType } from './choices.js'
import type { CrmScope } from './scope.js'

/** What a client may write: the original serializer's fields (plus `timezone` and the reminder fields), loosely typed. */
export interface AppointmentBody {
  name?: string | null
  start_date?: string | null
  end_date?: string | null
  type?: unknown
  address?: string | null
  siteprofile_uuid?: string | null
  invitee_uuids?: string[] | null
  organization_uuid?: string | null
  notes?: unknown
  workflowlevel2_uuids?: string[] | null
  contact_uuid?: string | null
  summary?: string | null
  timezone?: string | null
  /** Tocsin's reminders (docs/ARCHITECTURE.md "Life of a reminder"): the plan's uuid, null for the default */
  reminder_plan?: string | null
  reminders_enabled?: boolean | null
}

export interface NoteInput {
  type: NoteType
  note: string
}

/** Nested notes: at most one per type, in the original's words (the type defaults to 1, Primary). */
export function checkNotes(notes: unknown): NoteInput[] {
  if (notes === undefined || notes === null) return []
  if (!Array.isArray(notes)) throw invalidField('notes', 'Expected a list of items but got type "str".')
  const seen = new Set<NoteType>()
  return notes.map((item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw invalidField('notes', 'Invalid data. Expected a dictionary, but got str.')
    const { type: rawType, note } = item as { type?: unknown; note?: unknown }
    const type = rawType === undefined || rawType === null ? 1 : noteType('notes', rawType)
    if (seen.has(type)) throw invalidField('notes', 'every type is only allowed once')
    seen.add(type)
    if (note !== undefined && note !== null && typeof note !== 'string') throw invalidField('notes', 'Not a valid string.')
    return { type, note: note ?? '' }
  })
}

function text(field: string, value: string | null | undefined, max: number): string {
  if (value === null) throw invalidField(field, 'This field may not be null.')
  if ((value ?? '').length > max) throw invalidField(field, `Ensure this field has no more than ${max} characters.`)
  return value ?? ''
}

function types(value: unknown): string[] {
  if (value === null) throw invalidField('type', 'This field may not be null.')
  if (!Array.isArray(value)) throw invalidField('type', 'Expected a list of items but got type "str".')
  if (value.length === 0) throw invalidField('type', 'type must be an array of one or more string elements')
  // DRF's CharField trims what it reads
  return value.map((item) => {
    if (typeof item !== 'string') throw invalidField('type', 'Not a valid string.')
    const t = item.trim()
    if (t === '') throw invalidField('type', 'This field may not be blank.')
    if (t.length > 50) throw invalidField('type', 'Ensure this field has no more than 50 characters.')
    return t
  })
}

function dateTime(field: string, value: string | null | undefined, zone: string): Date {
  if (value === null || value === undefined) throw invalidField(field, value === null ? 'This field may not be null.' : 'This field is required.')
  return parseIsoDateTime(field, value, zone)
}

/**
 * Body → column values, as the original's serializer reads it: the fields given are set, the
 * others kept (its PUT was partial too); on create, start_date, end_date and type are required.
 * Times without an offset are read in the appointment's zone (the organization's by default).
 * `organization_uuid`, when given, must be the caller's (or the appointment's own) organization.
 */
export function appointmentValues(scope: CrmScope, body: AppointmentBody, current?: Appointment, ownUuid?: string): Partial<NewAppointment> {
  const has = (key: keyof AppointmentBody) => body[key] !== undefined
  const creating = current === undefined
  const v: Partial<NewAppointment> = {}
  if (has('timezone') || creating) v.timezone = body.timezone?.trim() ? checkTimezone('timezone', body.timezone.trim()) : current?.timezone ?? scope.timezone
  const zone = v.timezone ?? current!.timezone
  if (has('start_date') || creating) v.startDate = dateTime('start_date', body.start_date, zone)
  if (has('end_date') || creating) v.endDate = dateTime('end_date', body.end_date, zone)
  const start = v.startDate ?? current?.startDate
  const end = v.endDate ?? current?.endDate
  if (start && end && start > end) throw nonFieldError('Start date cannot be later than end date.')
  if (has('type')) v.type = types(body.type)
  else if (creating) throw invalidField('type', 'This field is required.')
  if (has('name')) v.name = text('name', body.name, 50)
  if (has('address')) v.address = text('address', body.address, 100)
  if (has('summary')) v.summary = text('summary', body.summary, 100_000)
  if (has('siteprofile_uuid')) v.siteprofileUuid = optionalUuid('siteprofile_uuid', body.siteprofile_uuid)
  if (has('invitee_uuids')) v.inviteeUuids = body.invitee_uuids === null ? null : uuidList('invitee_uuids', body.invitee_uuids)
  if (has('workflowlevel2_uuids')) v.workflowlevel2Uuids = body.workflowlevel2_uuids === null ? null : uuidList('workflowlevel2_uuids', body.workflowlevel2_uuids)
  // A soft reference, as in the original: any UUID is kept; only a contact of the appointment's organization is shown
  // or reminded (crm/reminders/sync.ts records why a reminder was not sent otherwise).
  if (has('contact_uuid')) v.contactUuid = optionalUuid('contact_uuid', body.contact_uuid)
  if (has('reminders_enabled') || creating) v.remindersEnabled = body.reminders_enabled ?? scope.remindersByDefault
  const org = body.organization_uuid?.trim().toLowerCase()
  const allowed = [scope.organizationUuid, scope.principal.organizationUuid, ownUuid].map((u) => u?.toLowerCase())
  if (org && !allowed.includes(org)) {
    throw invalidField('organization_uuid', "The Organization cannot be different than user's organization")
  }
  return v
}
