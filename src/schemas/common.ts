import { Type } from 'typebox'

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
})

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
} as const

/**
 * The largest PostgreSQL `integer`, the type of every id. A larger number cannot name a row, and as
 * a query parameter it would fail inside PostgreSQL; so request schemas refuse it as a 400 first.
 */
export const INT4_MAX = 2_147_483_647

/** An id on input (path, query, body): 1 … INT4_MAX. */
export const Id = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: 1, maximum: INT4_MAX, ...options })
/** A count, offset or other whole number on input that PostgreSQL stores or compares as `integer`. */
export const Int4 = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, maximum: INT4_MAX, ...options })

export const IdParams = Type.Object({ id: Id() })

export const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** A string limited to the given values (keeps the literal union type). */
export const StringEnum = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
