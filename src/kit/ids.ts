import { Type } from 'typebox'

/**
 * The largest PostgreSQL `integer`, the type of every id. A larger number cannot name a row, and as
 * a query parameter it would fail inside PostgreSQL; so request schemas and parsers refuse it first.
 */
export const INT4_MAX = 2_147_483_647

/** An id on input (path, query, body): 1 … INT4_MAX. */
export const Id = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: 1, maximum: INT4_MAX, ...options })
/** A count, offset or other whole number on input that PostgreSQL stores or compares as `integer`. */
export const Int4 = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, maximum: INT4_MAX, ...options })
