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

export const DrivingTime = Type.Object({
  uuid: Uuid(),
  distance: Type.String({ description: 'decimal with two places, e.g. "2.50"' }),
  time: Type.Integer({ description: 'minutes' }),
  appointment: Type.Integer({ description: "the appointment's id" }),
  time_point: Nullable(Type.String({ format: 'date-time' })),
})

/** The original's AppointmentSerializer: exactly these fields (the owner is kept, not shown). */
export const Appointment = Type.Object({
  id: Type.Integer(),
  uuid: Uuid(),
  name: Type.String(),
  start_date: Type.String({ format: 'date-time', description: 'in the appointment\'s time zone' }),
  end_date: Type.String({ format: 'date-time' }),
  type: Type.Array(Type.String()),
  address: Type.String(),
  siteprofile_uuid: Nullable(Uuid()),
  invitee_uuids: Nullable(Type.Array(Uuid())),
  organization_uuid: Uuid(),
  notes: Type.Array(NestedNote),
  driving_times: Type.Array(DrivingTime),
  workflowlevel2_uuids: Nullable(Type.Array(Uuid())),
  contact_uuid: Nullable(Uuid()),
  contact: Nullable(Contact),
  summary: Type.String(),
  reminder_plan: Nullable(Uuid("the reminder plan's UUID; null = the organization's default plan")),
  reminders_enabled: Type.Boolean({ description: 'false: no reminders are sent for it' }),
  confirmation_status: Type.String({
    enum: [...CONFIRMATION_STATUSES], description: 'read-only: what the patient answered to the reminders, or that they could not be reached',
  }),
  confirmation_changed_at: Nullable(Type.String({ format: 'date-time', description: 'read-only: when confirmation_status last changed' })),
})

const text = (description?: string) => Type.Optional(Nullable(Type.String(description ? { description } : {})))
const uuids = (description: string) => Type.Optional(Nullable(Type.Array(Type.String(), { description })))

/** POST, PUT and PATCH (PUT is a partial update, as in the original); the service words the errors. */
export const AppointmentWrite = Type.Object({
  name: text('at most 50 characters'),
  start_date: text('required on create; ISO 8601; without an offset it is read in the appointment\'s time zone'),
  end_date: text('required on create; not before start_date'),
  type: Type.Optional(Nullable(Type.Array(Type.Unknown(), { description: 'required on create: one or more strings' }))),
  address: text('at most 100 characters'),
  siteprofile_uuid: text(),
  invitee_uuids: uuids('UUIDs of core users or contacts'),
  organization_uuid: text('ignored unless given; must then be the caller\'s organization'),
  notes: Type.Optional(Nullable(Type.Array(Type.Unknown(), { description: '[{type, note}], at most one per type; on update, notes of other types are kept' }))),
  workflowlevel2_uuids: uuids('UUIDs'),
  contact_uuid: text('UUID of a contact (shown nested when it is one of this organization)'),
  summary: text(),
  timezone: text('IANA time zone of the venue (default: the organization\'s); kept, not shown'),
  reminder_plan: text("Tocsin's reminders: a reminder plan's UUID (or …/reminderplans/UUID/); null = the organization's default"),
  reminders_enabled: Type.Optional(Nullable(Type.Boolean({ description: "Tocsin's reminders: default true, its plan's reminders are scheduled when it has a contact" }))),
})

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

export const DrivingTimeWrite = Type.Object({
  appointment: Type.Optional(Type.Unknown({ description: "the appointment's id" })),
  distance: Type.Optional(Type.Unknown({ description: 'decimal, at most 3 digits and 2 decimal places' })),
  time: Type.Optional(Type.Unknown({ description: 'minutes, 0 to 32767' })),
  time_point: text('when the drive took place'),
})
