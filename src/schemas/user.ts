import { Type } from 'typebox'
import { ROLES } from '../db/schema/user.js'
import { StringEnum } from './common.js'
import { Nullable } from '../kit/nullable.js'

/** A user as the API shows it: never a password or hash, in any form. */
export const User = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  uuid: Type.String({ format: 'uuid' }),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  role: StringEnum(ROLES),
  organization: Type.String({ description: 'hyperlink' }),
  manager: Nullable(Type.String({ description: 'hyperlink to the managing user (calendar users)' })),
  is_active: Type.Boolean(),
  date_joined: Type.String({ format: 'date-time' }),
  last_login: Nullable(Type.String({ format: 'date-time' })),
})

const writable = {
  username: Type.String({ minLength: 1, maxLength: 150, pattern: '^[\\w.@+-]+$' }),
  password: Type.String({ minLength: 1, maxLength: 1024, writeOnly: true }),
  email: Type.String({ maxLength: 254 }),
  first_name: Type.String({ maxLength: 150 }),
  last_name: Type.String({ maxLength: 150 }),
  role: StringEnum(ROLES),
  organization: Type.Union([Type.String(), Type.Integer()], { description: 'hyperlink or id' }),
  is_active: Type.Boolean(),
}

export const UserCreate = Type.Object({
  username: writable.username,
  password: writable.password,
  email: Type.Optional(writable.email),
  first_name: Type.Optional(writable.first_name),
  last_name: Type.Optional(writable.last_name),
  role: Type.Optional(writable.role),
  organization: Type.Optional(writable.organization),
  is_active: Type.Optional(writable.is_active),
})
export const UserPatch = Type.Partial(Type.Object({
  ...writable,
  current_password: Type.String({
    maxLength: 1024, writeOnly: true, description: 'required with `password` when changing your own password',
  }),
}))
