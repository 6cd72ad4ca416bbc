import { Type } from 'typebox'

export const Organization = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  uuid: Type.String({ format: 'uuid' }),
  name: Type.String(),
  phone: Type.String(),
  reception_phone: Type.Union([Type.String(), Type.Null()], { description: 'E.164; where a reminder call puts through a patient who presses 3 (null: the organization\'s phone, if it is a number)' }),
  timezone: Type.String(),
  default_region: Type.String(),
  contact_hours_start: Type.String({ description: 'HH:MM: no scheduled call or text reaches a callee before this on their own clock' }),
  contact_hours_end: Type.String({ description: 'HH:MM (24:00 = midnight), exclusive; 00:00–24:00 = always' }),
  reminders_by_default: Type.Boolean({ description: 'whether an appointment created without reminders_enabled gets reminders' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Type.String({ maxLength: 50 }),
  reception_phone: Type.Union([Type.String({ maxLength: 50 }), Type.Null()], { description: 'a phone number (read in default_region); null or "" = none' }),
  timezone: Type.String({ description: 'IANA time zone, e.g. Europe/Berlin' }),
  default_region: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166 country for local phone numbers' }),
  contact_hours_start: Type.String({ description: 'HH:MM on the callee\'s clock (default 08:00)' }),
  contact_hours_end: Type.String({ description: 'HH:MM, exclusive, 24:00 = midnight (default 21:00); before the start = across midnight; 00:00–24:00 = always' }),
  reminders_by_default: Type.Boolean({ description: 'reminders for appointments created without reminders_enabled (default true; false for an organization first seen through a JWT)' }),
}

export const OrganizationCreate = Type.Object({
  name: fields.name,
  phone: Type.Optional(fields.phone),
  reception_phone: Type.Optional(fields.reception_phone),
  timezone: Type.Optional(fields.timezone),
  default_region: Type.Optional(fields.default_region),
  contact_hours_start: Type.Optional(fields.contact_hours_start),
  contact_hours_end: Type.Optional(fields.contact_hours_end),
  reminders_by_default: Type.Optional(fields.reminders_by_default),
})
export const OrganizationPatch = Type.Partial(Type.Object(fields))
