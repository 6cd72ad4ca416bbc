import { Type, type Static, type TSchema } from 'typebox'
import { Id } from '../common.js'

/**
 * The schema or null, as one multi-type schema (`type: ['string', 'null']`). Not anyOf: with the
 * app's `coerceTypes: 'array'` Ajv coerces the data while trying each branch (a one-element array
 * becomes its element, null becomes "" or 0), so a later branch sees mangled data.
 */
export function OrNull<T extends TSchema>(schema: T) {
  const type = (schema as { type?: unknown }).type
  if (typeof type !== 'string') return Type.Unsafe<Static<T> | null>(Type.Union([Type.Null(), schema]))
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] })
}

export const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) })

export const OrganizationQuery = {
  organization: Type.Optional(Type.String({ description: 'admins only: work in the organization with this UUID' })),
}

export const CrmOrgQuery = Type.Object(OrganizationQuery)

export const UuidParams = Type.Object({ uuid: Type.String({ description: 'the appointment UUID' }) })

export const CrmIdParams = Type.Object({ id: Id() })

/** Django REST framework's limit/offset envelope. */
export function LimitOffsetPage<T extends TSchema>(item: T) {
  return Type.Object({
    count: Type.Integer(),
    next: OrNull(Type.String()),
    previous: OrNull(Type.String()),
    results: Type.Array(item),
  })
}

/** Django REST framework's cursor envelope (no count). */
export function CursorPage<T extends TSchema>(item: T) {
  return Type.Object({
    next: OrNull(Type.String()),
    previous: OrNull(Type.String()),
    results: Type.Array(item),
  })
}
