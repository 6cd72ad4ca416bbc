// Writes that drizzle builds per run (their shape depends on the row: the locked way's call end, a dial slot under a
// concurrency limit), run as named statements. PostgreSQL parses and plans an unnamed statement on every run; a named
// one once per connection, then reuses the plan (docs/scaling.md). The name is the statement's label and a hash of its
// text: one shape always gets the same name, another shape its own. A statement every call runs is better built once
// (built-once.ts): drizzle's building costs more of Tocsin's CPU than PostgreSQL spends running it.
//
// Each name stays prepared on every pooled connection that ran it, so a label may have only a few shapes. A label
// past MAX_SHAPES (a value written into the text instead of passed as a parameter would do that) runs unnamed, and
// says so once, as a process warning.
import { createHash } from 'node:crypto'
import type { Query, SQL, SQLWrapper } from 'drizzle-orm'
import type { Tx } from './client.js'

const MAX_SHAPES = 16

/** What drizzle's database and transaction objects hold (internal fields, as in built-once.ts). */
interface Internals {
  dialect: { sqlToQuery(sql: SQL): Query }
  _: { session: { prepareQuery(query: Query, fields: undefined, name: string | undefined, arrayMode: boolean): { execute(values?: Record<string, unknown>): Promise<unknown> } } }
}

export interface NamedResult { rows: Record<string, unknown>[] }

const shapes = new Map<string, Set<string>>()

/**
 * Runs `statement` (a `sql` template or a query builder) on `handle` as a named statement; pg's raw result. `values`:
 * for the placeholders it holds (built-once.ts), if any.
 */
export async function runNamed(handle: Tx, statement: SQLWrapper, label: string, values?: Record<string, unknown>): Promise<NamedResult> {
  const internals = handle as unknown as Internals
  if (typeof internals.dialect?.sqlToQuery !== 'function' || typeof internals._?.session?.prepareQuery !== 'function') {
    throw new Error('runNamed: drizzle\'s handle no longer has dialect.sqlToQuery and _.session.prepareQuery')
  }
  const query = internals.dialect.sqlToQuery(statement.getSQL())
  const name = nameFor(label, query.sql)
  return await internals._.session.prepareQuery(query, undefined, name, false).execute(values) as NamedResult
}

function nameFor(label: string, text: string): string | undefined {
  // PostgreSQL keeps 63 bytes of a name: the label, and 16 hex digits of the text's hash.
  const name = `${label}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`
  let seen = shapes.get(label)
  if (!seen) {
    seen = new Set()
    shapes.set(label, seen)
  }
  if (seen.has(name)) return name
  if (seen.size >= MAX_SHAPES) {
    if (seen.size === MAX_SHAPES) {
      seen.add('') // reported once
      process.emitWarning(`statements labelled ${label} have more than ${MAX_SHAPES} shapes: the others run unnamed`, 'TocsinWarning')
    }
    return undefined
  }
  seen.add(name)
  return name
}
