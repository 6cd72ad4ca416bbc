import { Type } from 'typebox'
import { NOTIFICATION_STATUSES } from '../../db/schema/appointment-notification.js'
import { StringEnum } from '../common.js'
import { OrganizationQuery } from './common.js'
import { Nullable } from '../../kit/nullable.js'

/** The original's fields, then Tocsin's delivery record (send_at, status, error, attempts). */
export const AppointmentNotification = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  subject: Type.String(),
  message: Type.String(),
  recipient: Type.String(),
  sent_at: Nullable(Type.String({ format: 'date-time', description: 'when the e-mail was accepted (read-only)' })),
  send_notification: Type.Boolean(),
  appointment: Type.String({ description: 'appointment hyperlink' }),
  org_phone: Nullable(Type.String()),
  org_name: Nullable(Type.String()),
  send_at: Nullable(Type.String({ format: 'date-time', description: 'not sent before this instant' })),
  status: StringEnum(NOTIFICATION_STATUSES, { description: 'draft (not requested), pending (queued or waiting to retry), sent, failed (last attempt failed; retried with backoff)' }),
  error: Nullable(Type.String({ description: 'the last delivery error' })),
  attempts: Type.Integer({ description: 'delivery attempts so far' }),
})

const text = (description: string) => Type.Optional(Nullable(Type.String({ description })))

/** POST, PUT and PATCH (PUT is a partial update, as in the original); recipient and appointment are required on create. */
export const AppointmentNotificationWrite = Type.Object({
  subject: text('empty = generated from the appointment'),
  message: text('empty = generated from the appointment (with the subject)'),
  recipient: text('e-mail address'),
  send_notification: Type.Optional(Nullable(Type.Boolean({ description: 'true: send it (once) as soon as possible, or at send_at' }))),
  send_at: text('ISO 8601; default now'),
  appointment: Type.Optional(Type.String({ description: 'appointment hyperlink (…/appointment/UUID/) or UUID' })),
  org_phone: text("shown in the e-mail; null = the organization's phone"),
  org_name: text("shown in the e-mail; null = the organization's name"),
})

export const AppointmentNotificationListQuery = Type.Object({
  ...OrganizationQuery,
  ordering: Type.Optional(Type.String({ description: 'id or -id (default id)' })),
  appointment: Type.Optional(Type.String({ description: 'appointment UUID or hyperlink' })),
  status: Type.Optional(StringEnum(NOTIFICATION_STATUSES)),
})
