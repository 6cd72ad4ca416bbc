import { Type } from 'typebox'
import { NOTIFICATION_STATUSES } from '../../db/schema/appointment-notification.js'
import { StringEnum } from '../common.js'
import { OrganizationQuery } from './common.js'
import { Nullable } from '../../kit/nullable.js'

export const AppointmentNotification = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  subject: Type.String(),
  message: Type.String(),
  recipient: Type.String(),
  sent_at: Nullable(Type.String({ format: 'date-time', description: 'when the e-mail was accepted (read-only)' })),
  send_notification: Type.Boolean(),
  send_at: Nullable(Type.String({ format: 'date-time', description: 'not sent before this instant' })),
  appointment: Type.String({ description: 'appointment hyperlink' }),
  org_phone: Type.String(),
  org_name: Type.String(),
  status: StringEnum(NOTIFICATION_STATUSES, { description: 'draft (not requested), pending (queued or waiting to retry), sent, failed (last attempt failed; retried with backoff)' }),
  error: Nullable(Type.String({ description: 'the last delivery error' })),
  attempts: Type.Integer({ description: 'delivery attempts so far' }),
})

const writable = {
  subject: Nullable(Type.String({ maxLength: 255, description: 'empty = generated from the appointment' })),
  message: Nullable(Type.String({ maxLength: 100_000, description: 'empty = generated from the appointment' })),
  recipient: Type.String({ maxLength: 254, description: 'e-mail address' }),
  send_notification: Type.Boolean({ description: 'true: send it (once) as soon as possible, or at send_at' }),
  send_at: Nullable(Type.String({ description: 'ISO 8601; default now' })),
  appointment: Type.String({ description: 'appointment hyperlink (…/appointment/UUID/) or UUID' }),
  org_phone: Nullable(Type.String({ maxLength: 50, description: 'default: the organization\'s phone' })),
  org_name: Nullable(Type.String({ maxLength: 200, description: 'default: the organization\'s name' })),
}

/** POST and PUT: recipient and appointment are required; PUT resets the other fields it leaves out. */
export const AppointmentNotificationWrite = Type.Object({
  subject: Type.Optional(writable.subject),
  message: Type.Optional(writable.message),
  recipient: writable.recipient,
  send_notification: Type.Optional(writable.send_notification),
  send_at: Type.Optional(writable.send_at),
  appointment: writable.appointment,
  org_phone: Type.Optional(writable.org_phone),
  org_name: Type.Optional(writable.org_name),
})
export const AppointmentNotificationPatch = Type.Partial(Type.Object(writable))

export const AppointmentNotificationListQuery = Type.Object({
  ...OrganizationQuery,
  ordering: Type.Optional(Type.String({ description: 'id or -id (default id)' })),
  appointment: Type.Optional(Type.String({ description: 'appointment UUID or hyperlink' })),
  status: Type.Optional(StringEnum(NOTIFICATION_STATUSES)),
})
