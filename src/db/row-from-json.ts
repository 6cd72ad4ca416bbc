// A row as drizzle maps it — its columns by their TypeScript names, timestamps as Dates — from the row's to_jsonb(),
// for a statement whose rows drizzle cannot map itself: one that reads rows as they were and writes them in the same
// round trip (a data-modifying WITH: built-once.ts builtOnceSql), selecting `to_jsonb(t)` for each table it returns.
import { getTableColumns, type InferSelectModel } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'

export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown> | null): InferSelectModel<T> | null {
  if (json === null) return null
  const row: Record<string, unknown> = {}
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (!(column.name in json)) throw new Error(`rowFromJson: no column ${column.name} in the row of ${key}'s table`)
    const value = json[column.name]
    row[key] = value === null ? null : column.mapFromDriverValue(value)
  }
  return row as InferSelectModel<T>
}
