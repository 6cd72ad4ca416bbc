import { sql, type SQL } from 'drizzle-orm'

/**
 * The numeric codes stored in the database and shown by the API are `as const` tables (name → code), one module per
 * domain in this folder. These helpers read them back without writing a number twice.
 */
export type CodeOf<T extends Record<string, number>> = T[keyof T]

/** Human labels per code, from the table, so that a label cannot name a code that does not exist. */
export function labelsOf<T extends Record<string, number>>(table: T, names: Record<keyof T, string>): ReadonlyMap<number, string> {
  return new Map(Object.entries(table).map(([key, code]) => [code, names[key as keyof T]]))
}

/** The name a code has in its table (`confirmed` for ALARM_RESULT.confirmed), or undefined for an unknown code. */
export function nameOf<T extends Record<string, number>>(table: T, code: number): keyof T | undefined {
  return Object.keys(table).find((key) => table[key] === code) as keyof T | undefined
}

/**
 * Codes written into SQL as literals (`in (1, 2, 3)`), not parameters: a query must spell a partial index's predicate
 * (call_waiting, call_calendar_open) with the same constants for the planner to use the index.
 */
export function sqlCodes(...codes: number[]): SQL {
  if (codes.some((c) => !Number.isInteger(c))) throw new Error(`not integer codes: ${codes.join(', ')}`)
  return sql.raw(codes.join(', '))
}
