import { Type } from 'typebox'
import { ADDRESS_TYPES, CUSTOMER_TYPES, EMAIL_TYPES, PHONE_TYPES, TITLES } from '../../crm/choices.js'
import { OrganizationQuery, Uuid } from './common.js'
import { Nullable } from '../../kit/nullable.js'
import { PAGE_SIZES, pageSizeDescription } from '../../kit/pagination.js'
import { Id, Int4 } from '../../kit/ids.js'

const Address = Type.Object({
  type: Type.Optional(Type.String({ description: ADDRESS_TYPES.join(' | ') })),
  street: Type.Optional(Type.String()),
  house_number: Type.Optional(Type.String()),
  postal_code: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
})
const Email = Type.Object({
  type: Type.Optional(Type.String({ description: EMAIL_TYPES.join(' | ') })),
  email: Type.Optional(Type.String()),
})
const Phone = Type.Object({
  type: Type.Optional(Type.String({ description: PHONE_TYPES.join(' | ') })),
  number: Type.Optional(Type.String({ description: '3–20 characters, kept as written' })),
})

const choices = (values: Record<string, string>) =>
  `one of ${Object.entries(values).map(([code, label]) => `${code} (${label})`).join(', ')}; the label is accepted too`

/**
 * The original's ContactSerializer: these 22 fields, plus `contact_type_name` when the contact has
 * a type. `core_user_uuid` is kept but not shown, as there.
 */
export const Contact = Type.Object({
  id: Type.Integer(),
  uuid: Uuid(),
  customer_id: Type.Integer(),
  first_name: Type.String(),
  middle_name: Type.String(),
  last_name: Type.String(),
  title: Nullable(Type.String()),
  title_display: Nullable(Type.String()),
  suffix: Type.String(),
  contact_type: Nullable(Uuid('a contact type (/contacttype/)')),
  contact_type_name: Type.Optional(Type.String()),
  customer_type: Nullable(Type.String()),
  company: Nullable(Type.String()),
  addresses: Nullable(Type.Array(Address)),
  siteprofile_uuids: Nullable(Type.Array(Uuid())),
  emails: Nullable(Type.Array(Email)),
  phones: Nullable(Type.Array(Phone)),
  notes: Nullable(Type.String()),
  organization_uuid: Uuid(),
  workflowlevel1_uuids: Type.Array(Type.String()),
  workflowlevel2_uuids: Nullable(Type.Array(Type.String())),
  timezone: Nullable(Type.String({ description: "Tocsin's reminders: IANA zone the contact lives in (their calling window); null = the appointment's" })),
  language: Nullable(Type.String({ description: "Tocsin's reminders: BCP 47 language they are worded in (en, de, …); null = English" })),
  create_date: Type.String({ format: 'date-time' }),
  edit_date: Type.String({ format: 'date-time' }),
})

const text = (description?: string) => Type.Optional(Nullable(Type.String(description ? { description } : {})))
const list = (description: string) => Type.Optional(Nullable(Type.Array(Type.Unknown(), { description })))

/** POST, PUT and PATCH (PUT is a partial update, as in the original); the service words the errors. */
export const ContactWrite = Type.Object({
  customer_id: Type.Optional(Nullable(Type.Integer({ description: 'unique per organization; left out or null = the next number (from 10001)' }))),
  first_name: text('at most 50 characters'),
  middle_name: text(),
  last_name: text(),
  title: text(choices(TITLES)),
  suffix: text(),
  contact_type: text('UUID of a contact type of this organization or a global one (its name is accepted too)'),
  customer_type: text(choices(CUSTOMER_TYPES)),
  company: text(),
  addresses: list(`[{type: ${ADDRESS_TYPES.join('|')}, street, house_number, postal_code, city, country}] or null`),
  siteprofile_uuids: list('UUIDs or null'),
  emails: list(`[{type: ${EMAIL_TYPES.join('|')}, email}] or null`),
  phones: list(`[{type: ${PHONE_TYPES.join('|')}, number}] or null`),
  notes: text(),
  workflowlevel1_uuids: list('required on create: identifiers (UUIDs), at most 36 characters each'),
  workflowlevel2_uuids: list('identifiers (UUIDs), at most 36 characters each, or null'),
  timezone: text("Tocsin's reminders: IANA time zone (e.g. Europe/Berlin); null = the appointment's"),
  language: text("Tocsin's reminders: BCP 47 language tag (en, de, de-AT); null = English"),
})

export const ContactListQuery = Type.Object({
  ...OrganizationQuery,
  limit: Type.Optional(Id({ description: pageSizeDescription(PAGE_SIZES.limitOffset) })),
  offset: Type.Optional(Int4()),
  search: Type.Optional(Type.String({ description: 'case-insensitive substring of first or last name' })),
  starts_with: Type.Optional(Type.String({ description: 'case-insensitive prefix of first or last name' })),
  ordering: Type.Optional(Type.String({ description: 'field[,field…], `-` for descending; default first_name' })),
  customer_id: Type.Optional(Type.Integer({ minimum: 0, maximum: 999_999_999 })),
  core_user_uuid: Type.Optional(Type.String()),
  contact_type: Type.Optional(Type.String({ description: 'contact type UUID' })),
  customer_type: Type.Optional(Type.String()),
  workflowlevel1_uuids: Type.Optional(Type.String({ description: 'comma-separated: contacts with any of them' })),
  workflowlevel2_uuids: Type.Optional(Type.String({ description: 'comma-separated: contacts with any of them' })),
  siteprofile_uuids: Type.Optional(Type.String({ description: 'comma-separated UUIDs: contacts with any of them' })),
})

export const ContactType = Type.Object({
  uuid: Uuid(),
  name: Type.String(),
  is_global: Type.Boolean({ description: 'seen by every organization' }),
})
export const ContactTypeWrite = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 128 })),
  is_global: Type.Optional(Type.Boolean()),
})
export const ContactTypeListQuery = Type.Object({
  ...OrganizationQuery,
  is_global: Type.Optional(Type.String({ description: 'true: only the global types' })),
})
