import { and, eq, gt, lt, or, type AnyColumn, type SQL } from 'drizzle-orm'
import { invalidField } from '../errors.js'

/**
 * Cursor pagination (Django REST framework's CursorPagination): the cursor holds the sort key of
 * the row next to the page boundary and the direction, so pages stay stable while rows are added.
 */
export interface Cursor {
  /** sort key values of the boundary row, one per ordering term (dates as epoch ms) */
  k: (number | string)[]
  /** true: the page before the boundary row */
  r: boolean
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

export function decodeCursor(value: string, terms: number): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Cursor
    if (typeof parsed.r === 'boolean' && Array.isArray(parsed.k) && parsed.k.length === terms
      && parsed.k.every((v) => typeof v === 'number' || typeof v === 'string')) return parsed
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'Invalid cursor')
}

export interface KeyTerm {
  column: AnyColumn
  descending: boolean
  value: unknown
}

/** Rows strictly after (or with `backwards`, before) the boundary in the order given by `terms`. */
export function beyond(terms: KeyTerm[], backwards: boolean): SQL | undefined {
  return or(...terms.map((term, i) => {
    const compare = term.descending !== backwards ? lt : gt
    return and(...terms.slice(0, i).map((t) => eq(t.column, t.value)), compare(term.column, term.value))
  }))
}
