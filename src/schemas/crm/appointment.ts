import { Type } from 'typebox'
import { Contact } from './contact.js'
import { CONFIRMATION_STATUSES } from '../../db/schema/appointment.js'
import { OrganizationQuery, Uuid } from './common.js'
import { Nullable } from '../../kit/nullable.js'
import { PAGE_SIZES, pageSizeDescription } from '../../kit/pagination.js'
import { Id } from '../../kit/ids.js'

export const NestedNote = Type.Object({
  id: Type.Integer(),
  note: Type.String(),
  type: Type.Integer({ description: '1 Primary, 2 Secondary, 3 OOO Reason, 4 OOO Note' }),
})

export const Appointment = Type.Object({
  id: Type.Integer(),
  uuid: Uuid(),
  name: Type.String(),
  owner: Uuid('the user who created it'),
  start_date: Type.String({ format: 'date-time', description: 'in the appointment\'s time zone' }),
  end_date: Type.String({ format: 'date-time' }),
  type: Type.Array(Type.String()),
  address: Type.String(),
  siteprofile_uuid: Nullable(Uuid()),
  invitee_uuids: Type.Array(Uuid()),
  organization_uuid: Uuid(),
  notes: Type.Array(NestedNote),
  workflowlevel2_uuids: Type.Array(Uuid()),
  contact_uuid: Nullable(Uuid()),
  contact: Nullable(Contact),
  summary: Type.String(),
  timezone: Type.String({ description: 'IANA time zone' }),
  reminder_plan: Nullable(Uuid("the reminder plan's UUID; null = the organization's default plan")),
  reminders_enabled: Type.Boolean({ description: 'false: no reminders are sent for it' }),
  confirmation_status: Type.String({
    enum: [...CONFIRMATION_STATUSES], description: 'read-only: what the patient answered to the reminders, or that they could not be reached',
  }),
  confirmation_changed_at: Nullable(Type.String({ format: 'date-time', description: 'read-only: when confirmation_status last changed' })),
})

const NoteInput = Type.Object({
  type: Type.Optional(Type.Union([Type.Integer(), Type.String()], { description: '1..4 or Primary, Secondary, OOO Reason, OOO Note; default 1' })),
  note: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
})

const writable = {
  name: Nullable(Type.String({ maxLength: 255 })),
  start_date: Type.String({ description: 'ISO 8601; without an offset it is read in `timezone`' }),
  end_date: Type.String({ description: 'ISO 8601, not before start_date' }),
  type: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 1, description: 'one or more types' }),
  address: Nullable(Type.String({ maxLength: 255 })),
  siteprofile_uuid: Nullable(Type.String()),
  invitee_uuids: Nullable(Type.Array(Type.String())),
  organization_uuid: Nullable(Type.String({ description: 'ignored unless given; must then be the caller\'s organization' })),
  notes: Nullable(Type.Array(NoteInput, { description: 'at most one per type; on update, notes of other types are kept' })),
  workflowlevel2_uuids: Nullable(Type.Array(Type.String())),
  contact_uuid: Nullable(Type.String({ description: 'a contact of the same organization' })),
  summary: Nullable(Type.String({ maxLength: 10_000 })),
  timezone: Nullable(Type.String({ description: 'IANA time zone of the venue; default the organization\'s' })),
  reminder_plan: Nullable(Type.String({ description: "a reminder plan's UUID (or …/reminderplans/UUID/); null = the organization's default" })),
  reminders_enabled: Nullable(Type.Boolean({ description: 'default true: its plan\'s reminders are scheduled when it has a contact' })),
}

/** POST and PUT: start_date, end_date and type are required; PUT resets the other fields it leaves out (notes excepted). */
export const AppointmentWrite = Type.Object({
  name: Type.Optional(writable.name),
  start_date: writable.start_date,
  end_date: writable.end_date,
  type: writable.type,
  address: Type.Optional(writable.address),
  siteprofile_uuid: Type.Optional(writable.siteprofile_uuid),
  invitee_uuids: Type.Optional(writable.invitee_uuids),
  organization_uuid: Type.Optional(writable.organization_uuid),
  notes: Type.Optional(writable.notes),
  workflowlevel2_uuids: Type.Optional(writable.workflowlevel2_uuids),
  contact_uuid: Type.Optional(writable.contact_uuid),
  summary: Type.Optional(writable.summary),
  timezone: Type.Optional(writable.timezone),
  reminder_plan: Type.Optional(writable.reminder_plan),
  reminders_enabled: Type.Optional(writable.reminders_enabled),
})
export const AppointmentPatch = Type.Partial(Type.Object(writable))

export const AppointmentListQuery = Type.Object({
  ...OrganizationQuery,
  page_size: Type.Optional(Id({ description: pageSizeDescription(PAGE_SIZES.cursor) })),
  cursor: Type.Optional(Type.String()),
  ordering: Type.Optional(Type.String({ description: 'id, start_date or end_date, `-` for descending; default id' })),
  contact_uuid: Type.Optional(Type.String()),
  owner: Type.Optional(Type.String({ description: '`me` or a user UUID' })),
  invitee: Type.Optional(Type.String({ description: '`me` or a UUID among invitee_uuids' })),
  workflowlevel2_uuid: Type.Optional(Type.String()),
  siteprofile_uuid: Type.Optional(Type.String()),
  start_date_gte: Type.Optional(Type.String({ description: 'YYYY-MM-DD, whole days in the organization\'s time zone, inclusive' })),
  start_date_lte: Type.Optional(Type.String({ description: 'YYYY-MM-DD, inclusive' })),
})
