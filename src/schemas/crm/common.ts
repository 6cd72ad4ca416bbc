import { Type, type TSchema } from 'typebox'

/**
 * `null` first: with Ajv's type coercion a leading string/integer branch would turn null into
 * "" or 0 before the null branch is tried.
 */
export const OrNull = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema])

export const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) })

export const OrganizationQuery = {
  organization: Type.Optional(Type.String({ description: 'admins only: work in the organization with this UUID' })),
}

export const CrmOrgQuery = Type.Object(OrganizationQuery)

export const UuidParams = Type.Object({ uuid: Type.String({ description: 'the appointment UUID' }) })

export const CrmIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

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
