import { Type } from 'typebox'
import { DateTimeOut, HyperlinkOut, NullableInteger, NullableLinkIn, NullableString } from './fields.js'
import { Nullable } from '../../kit/nullable.js'

/** Seed 004 step 2's shape, without the password (never returned, in any form). */
export const CalendarUser = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  username: Type.String(),
  last_name: Type.String(),
  first_name: Type.String(),
  email: Type.String(),
  groups: Type.Array(Type.String()),
  manager: Type.String({ description: "the managing user's username" }),
  calendar_user_profile: HyperlinkOut,
  is_active: Type.Boolean(),
  date_joined: DateTimeOut,
})

const writable = {
  username: Type.String({ minLength: 1, maxLength: 150, pattern: '^[\\w.@+-]+$' }),
  password: Type.String({ minLength: 1, maxLength: 1024, writeOnly: true }),
  email: Type.String({ maxLength: 254 }),
  first_name: Type.String({ maxLength: 150 }),
  last_name: Type.String({ maxLength: 150 }),
}

export const CalendarUserCreate = Type.Object({
  username: writable.username,
  password: writable.password,
  email: Type.Optional(writable.email),
  first_name: Type.Optional(writable.first_name),
  last_name: Type.Optional(writable.last_name),
  calendar_setting: Type.Optional(NullableLinkIn("calendar setting (default: the manager's first)")),
  timezone: Type.Optional(Type.String({ description: "IANA zone (default: the organization's)" })),
})
export const CalendarUserPatch = Type.Partial(Type.Object(writable))
/** PUT: the username is required; the password only changes when given. */
export const CalendarUserPut = Type.Object({ ...CalendarUserPatch.properties, username: writable.username })

/** Seed 004 step 3's shape (ids, not hyperlinks, for user and calendar_setting), plus url and timezone. */
export const CalendarUserProfile = Type.Object({
  url: Type.String(),
  manager: Type.String({ description: "the managing user's username" }),
  id: Type.Integer(),
  user: Type.Integer(),
  address: Nullable(Type.String()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  country: Type.String(),
  zip_code: Nullable(Type.String()),
  phone_no: Nullable(Type.String()),
  fax: Nullable(Type.String()),
  company_name: Nullable(Type.String()),
  company_website: Nullable(Type.String()),
  language: Nullable(Type.String()),
  note: Nullable(Type.String()),
  accountcode: Nullable(Type.Integer()),
  created_date: DateTimeOut,
  updated_date: DateTimeOut,
  calendar_setting: Nullable(Type.Integer()),
  timezone: Type.String(),
})

export const CalendarUserProfilePatch = Type.Partial(Type.Object({
  accountcode: NullableInteger({ minimum: 0, maximum: 2147483647 }),
  calendar_setting: NullableLinkIn('calendar setting'),
  address: NullableString({ maxLength: 200 }),
  city: NullableString({ maxLength: 120 }),
  state: NullableString({ maxLength: 120 }),
  country: NullableString({ maxLength: 2, description: 'ISO 3166 alpha-2' }),
  zip_code: NullableString({ maxLength: 120 }),
  phone_no: NullableString({ maxLength: 90 }),
  fax: NullableString({ maxLength: 90 }),
  company_name: NullableString({ maxLength: 90 }),
  company_website: NullableString({ maxLength: 200 }),
  language: NullableString({ maxLength: 20 }),
  note: NullableString({ maxLength: 250 }),
  timezone: Type.String({ description: 'IANA zone naive event times are read in' }),
}))
