import { or, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Search } from '../list.js'
import { NAME_FIELDS } from '../patient.js'

/** The patient's name fields of a jsonb column (event.data, call.context->'data') as one searchable text. */
export function nameText(data: AnyPgColumn | SQL): SQL {
  return sql`concat_ws(' ', ${sql.join(NAME_FIELDS.map((f) => sql`${data}->>${f}`), sql`, `)})`
}

/** A search over names and titles (case-insensitive substring) and, when it looks like one, phone numbers by digits. */
export function searchCondition(search: Search | undefined, texts: (AnyPgColumn | SQL)[], phones: (AnyPgColumn | SQL)[]): SQL | undefined {
  if (!search) return undefined
  const pattern = `%${search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const parts = texts.map((t) => sql`${t} ilike ${pattern}`)
  if (search.digits) {
    const digits = `%${search.digits}%`
    parts.push(...phones.map((p) => sql`regexp_replace(coalesce(${p}, ''), '[^0-9]', '', 'g') like ${digits}`))
  }
  return or(...parts)
}
