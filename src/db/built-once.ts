// Hot-path reads built by drizzle once, then run with new values on whatever handle is given: the pool or an open
// transaction. Building a query — its SQL text, its column list, how rows map back to objects — costs the Node
// process more CPU than PostgreSQL spends running the small ones: ≈ 0.7 ms for an attempt's nine-table context,
// against 0.15 ms to run it (docs/scaling.md). The text is still sent as an unnamed statement, so PostgreSQL plans
// every run with its values, as before — unless it is given a name (below).
//
// drizzle's prepared queries are bound to the handle they were built on, which a transaction opened later is not. So
// the built query is kept as a template (its text, parameters with placeholders, fields and left-join map) and run
// through the given handle's own session. Those are drizzle's internal fields: test/db/built-once.test.ts fails if an
// upgrade renames them.
import type { Query, SQL, SQLWrapper } from 'drizzle-orm'
import type { Tx } from './client.js'

/** A select with placeholders (`sql.placeholder(name)`): what `.prepare()` accepts. */
interface Preparable<Row> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<Row[]> }
}

/** What drizzle's node-postgres prepared query holds (internal: see above). */
interface PreparedTemplate {
  queryString: string
  params: unknown[]
  fields: unknown
  joinsNotNullableMap?: Record<string, boolean>
}

interface SessionLike {
  prepareQuery(query: { sql: string; params: unknown[] }, fields: unknown, name: string | undefined, arrayMode: boolean): {
    joinsNotNullableMap?: Record<string, boolean>
    execute(values?: Record<string, unknown>): Promise<unknown[]>
  }
}

/**
 * `build` is called once, on the first handle given, with placeholders for every value that changes; the returned
 * function runs it on any handle with those values. `name`: run it as a named statement, which PostgreSQL parses and
 * plans once per connection instead of on every run — for a statement whose planning costs more than its running.
 */
export function builtOnce<Row>(
  build: (handle: Tx) => Preparable<Row>, name?: string,
): (handle: Tx, values: Record<string, unknown>) => Promise<Row[]> {
  let template: PreparedTemplate | undefined
  return (handle, values) => {
    if (!template) {
      const prepared = build(handle).prepare('') as unknown as PreparedTemplate
      if (typeof prepared.queryString !== 'string' || !Array.isArray(prepared.params)) {
        throw new Error('builtOnce: drizzle\'s prepared query no longer has queryString and params')
      }
      template = prepared
      claimName(name, prepared.queryString)
    }
    const session = (handle as unknown as { _: { session: SessionLike } })._.session
    // Without a name pg sends it unnamed (parsed and planned with each run's values), as a query built anew would be.
    const query = session.prepareQuery({ sql: template.queryString, params: template.params }, template.fields, name, true)
    query.joinsNotNullableMap = template.joinsNotNullableMap
    return query.execute(values) as Promise<Row[]>
  }
}

// A name is one statement's on every connection: pg refuses a second text under a name a connection has parsed, so two
// statements built under one name would fail only once they met on a connection. Here they fail as the second is built.
const texts = new Map<string, string>()
function claimName(name: string | undefined, text: string): void {
  if (name === undefined) return
  const taken = texts.get(name)
  if (taken !== undefined && taken !== text) throw new Error(`built-once: two statements named ${name}`)
  texts.set(name, text)
}

/** What drizzle's handles hold to turn a `sql` template into text and parameters (internal, as above). */
interface DialectLike { dialect: { sqlToQuery(sql: SQL): Query } }

/**
 * builtOnce for a statement drizzle's builders do not write (a WITH of data-modifying statements, an upsert from a
 * SELECT): `build` returns a `sql` template with placeholders for every value that changes, turned into text once.
 * Rows come back as pg gives them: columns by their SQL names, timestamps as text.
 */
export function builtOnceSql<Row = Record<string, unknown>>(
  build: () => SQLWrapper, name?: string,
): (handle: Tx, values: Record<string, unknown>) => Promise<Row[]> {
  let template: Query | undefined
  return async (handle, values) => {
    if (!template) {
      const dialect = (handle as unknown as Partial<DialectLike>).dialect
      if (typeof dialect?.sqlToQuery !== 'function') throw new Error('builtOnceSql: drizzle\'s handle no longer has dialect.sqlToQuery')
      template = dialect.sqlToQuery(build().getSQL())
      claimName(name, template.sql)
    }
    const session = (handle as unknown as { _: { session: SessionLike } })._.session
    // No fields: drizzle returns pg's own result.
    const result = await session.prepareQuery(template, undefined, name, false).execute(values) as unknown as { rows: Row[] }
    return result.rows
  }
}
