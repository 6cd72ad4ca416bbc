import { Type } from 'typebox'
import { ADDRESS_TYPES, CONTACT_TYPES, CUSTOMER_TYPES, EMAIL_TYPES, PHONE_TYPES, TITLES } from '../../crm/choices.js'
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
  email: Type.String(),
})
const Phone = Type.Object({
  type: Type.Optional(Type.String({ description: PHONE_TYPES.join(' | ') })),
  number: Type.String({ description: 'E.164 on output; national numbers are read in the organization\'s default region' }),
})

const choices = (values: Record<string, string>) =>
  `one of ${Object.entries(values).map(([code, label]) => `${code} (${label})`).join(', ')}; the label is accepted too`

export const Contact = Type.Object({
  id: Type.Integer(),
  uuid: Uuid(),
  core_user_uuid: Nullable(Uuid()),
  customer_id: Type.Integer(),
  first_name: Type.String(),
  middle_name: Type.String(),
  last_name: Type.String(),
  title: Nullable(Type.String()),
  title_display: Nullable(Type.String()),
  suffix: Type.String(),
  contact_type: Nullable(Type.String()),
  customer_type: Nullable(Type.String()),
  company: Type.String(),
  addresses: Type.Array(Address),
  siteprofile_uuids: Type.Array(Uuid()),
  emails: Type.Array(Email),
  phones: Type.Array(Phone),
  notes: Type.String(),
  organization_uuid: Uuid(),
  workflowlevel1_uuids: Type.Array(Uuid()),
  workflowlevel2_uuids: Type.Array(Uuid()),
  timezone: Nullable(Type.String({ description: "IANA zone the contact lives in: their reminders' calling window; null = the appointment's" })),
  language: Nullable(Type.String({ description: 'BCP 47 language their reminders are worded in (en, de, …); null = English' })),
  create_date: Type.String({ format: 'date-time' }),
  edit_date: Type.String({ format: 'date-time' }),
})

const text = (maxLength: number) => Nullable(Type.String({ maxLength }))
const uuids = Nullable(Type.Array(Type.String()))

const writable = {
  core_user_uuid: Nullable(Type.String({ description: 'UUID of the related identity-service user' })),
  customer_id: Nullable(Type.Integer({ minimum: 1, maximum: 999_999_999, description: 'unique per organization; empty on create = the next number (from 10001), empty on update = unchanged' })),
  first_name: Type.String({ minLength: 1, maxLength: 50 }),
  middle_name: text(50),
  last_name: text(50),
  title: Nullable(Type.String({ description: choices(TITLES) })),
  suffix: text(50),
  contact_type: Nullable(Type.String({ description: choices(CONTACT_TYPES) })),
  customer_type: Nullable(Type.String({ description: choices(CUSTOMER_TYPES) })),
  company: text(100),
  addresses: Nullable(Type.Array(Address)),
  siteprofile_uuids: uuids,
  emails: Nullable(Type.Array(Email)),
  phones: Nullable(Type.Array(Phone)),
  notes: text(10_000),
  workflowlevel1_uuids: uuids,
  workflowlevel2_uuids: uuids,
  timezone: Nullable(Type.String({ maxLength: 64, description: "IANA time zone (e.g. Europe/Berlin); null = the appointment's" })),
  language: Nullable(Type.String({ maxLength: 35, description: 'BCP 47 language tag (en, de, de-AT); null = English' })),
}

/** POST and PUT: `first_name` is required; PUT resets every other field it leaves out. */
export const ContactWrite = Type.Object({
  core_user_uuid: Type.Optional(writable.core_user_uuid),
  customer_id: Type.Optional(writable.customer_id),
  first_name: writable.first_name,
  middle_name: Type.Optional(writable.middle_name),
  last_name: Type.Optional(writable.last_name),
  title: Type.Optional(writable.title),
  suffix: Type.Optional(writable.suffix),
  contact_type: Type.Optional(writable.contact_type),
  customer_type: Type.Optional(writable.customer_type),
  company: Type.Optional(writable.company),
  addresses: Type.Optional(writable.addresses),
  siteprofile_uuids: Type.Optional(writable.siteprofile_uuids),
  emails: Type.Optional(writable.emails),
  phones: Type.Optional(writable.phones),
  notes: Type.Optional(writable.notes),
  workflowlevel1_uuids: Type.Optional(writable.workflowlevel1_uuids),
  workflowlevel2_uuids: Type.Optional(writable.workflowlevel2_uuids),
  timezone: Type.Optional(writable.timezone),
  language: Type.Optional(writable.language),
})
export const ContactPatch = Type.Partial(Type.Object(writable))

export const ContactListQuery = Type.Object({
  ...OrganizationQuery,
  limit: Type.Optional(Id({ description: pageSizeDescription(PAGE_SIZES.limitOffset) })),
  offset: Type.Optional(Int4()),
  search: Type.Optional(Type.String({ description: 'case-insensitive substring of first or last name' })),
  starts_with: Type.Optional(Type.String({ description: 'case-insensitive prefix of first or last name' })),
  ordering: Type.Optional(Type.String({ description: 'field[,field…], `-` for descending; default first_name' })),
  customer_id: Type.Optional(Type.Integer({ minimum: 0, maximum: 999_999_999 })),
  core_user_uuid: Type.Optional(Type.String()),
  contact_type: Type.Optional(Type.String()),
  customer_type: Type.Optional(Type.String()),
  workflowlevel1_uuids: Type.Optional(Type.String({ description: 'comma-separated UUIDs: contacts with any of them' })),
  workflowlevel2_uuids: Type.Optional(Type.String({ description: 'comma-separated UUIDs: contacts with any of them' })),
  siteprofile_uuids: Type.Optional(Type.String({ description: 'comma-separated UUIDs: contacts with any of them' })),
})
