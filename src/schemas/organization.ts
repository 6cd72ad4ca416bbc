import { Type } from 'typebox'

export const Organization = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  uuid: Type.String({ format: 'uuid' }),
  name: Type.String(),
  phone: Type.String(),
  timezone: Type.String(),
  default_region: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Type.String({ maxLength: 50 }),
  timezone: Type.String({ description: 'IANA time zone, e.g. Europe/Berlin' }),
  default_region: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166 country for local phone numbers' }),
}

export const OrganizationCreate = Type.Object({
  name: fields.name,
  phone: Type.Optional(fields.phone),
  timezone: Type.Optional(fields.timezone),
  default_region: Type.Optional(fields.default_region),
})
export const OrganizationPatch = Type.Partial(Type.Object(fields))
