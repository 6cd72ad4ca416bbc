import { Type, type TSchema } from 'typebox'
import { Nullable } from '../../kit/nullable.js'
import { Id } from '../../kit/ids.js'

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
    next: Nullable(Type.String()),
    previous: Nullable(Type.String()),
    results: Type.Array(item),
  })
}

/** Django REST framework's cursor envelope (no count). */
export function CursorPage<T extends TSchema>(item: T) {
  return Type.Object({
    next: Nullable(Type.String()),
    previous: Nullable(Type.String()),
    results: Type.Array(item),
  })
}
