// A transaction's BEGIN goes to PostgreSQL with the transaction's first statement, in one round trip instead of two
// (as pgjdbc does). drizzle awaits `begin` before it runs the transaction's work, and BEGIN can tell it nothing, so
// `begin` is answered at once here and written, when the first statement comes, ahead of that statement's own
// messages and under its Sync: PostgreSQL runs both in order and answers once. Should BEGIN fail, the statement
// behind it is skipped (the extended protocol skips to the Sync after an error) and its caller gets BEGIN's error, so
// nothing ever runs outside the transaction it was meant for. A statement that cannot carry it (canCarry) waits for
// the BEGIN sent on its own, as before. A transaction with no statement sends nothing at all.
import pg from 'pg'

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown]
type QueryFn = (...args: QueryArgs) => unknown
interface QueryConfig { text?: string; name?: string; values?: unknown[]; queryMode?: string; rows?: number; submit?: unknown }
/** What pg's Connection offers a query as it is submitted (pg/lib/connection.js); only what is used here. */
interface Connection {
  parse(query: { text: string; name?: string; types?: unknown[] }): void
  bind(config: { portal?: string; statement?: string; values?: unknown[] }): void
  execute(config: { portal?: string; rows?: number }): void
  parsedStatements: Record<string, string>
}

const BEGIN = /^\s*begin\b/i
const END = /^\s*(commit|rollback)\s*;?\s*$/i
const pending = Symbol('tocsin.beginPending')
type Deferring = pg.PoolClient & { [pending]?: string }

// What drizzle's `begin`, `commit` or `rollback` gets when nothing was sent: drizzle reads nothing of it.
const answered = (command: string) => ({ command, rowCount: null, oid: null, rows: [], fields: [] })

/** pg's own Query, with a BEGIN written ahead of it; BEGIN's completion is not the statement's. */
class BeginThenQuery extends (pg.Query as unknown as new (config: QueryConfig, values?: unknown) => PgQuery) {
  private beginDone = false
  constructor(private readonly begin: string, config: QueryConfig, values?: unknown) {
    super(config, values)
  }

  override submit(connection: Connection): Error | null {
    // Unnamed statement and portal: the statement's own Parse or Bind below replaces them. pg corks the stream while
    // a query writes its messages, and so does this: they leave as one write.
    const stream = (connection as unknown as { stream: { cork?(): void; uncork?(): void } }).stream
    stream.cork?.()
    try {
      connection.parse({ text: this.begin, name: '', types: [] })
      connection.bind({ portal: '', statement: '', values: [] })
      connection.execute({ portal: '', rows: 0 })
      return super.submit(connection)
    } finally {
      stream.uncork?.()
    }
  }

  override handleCommandComplete(msg: unknown, connection: unknown): void {
    if (!this.beginDone) {
      this.beginDone = true
      return
    }
    super.handleCommandComplete(msg, connection)
  }
}

interface PgQuery {
  callback?: (err: Error | null, result?: unknown) => void
  submit(connection: Connection): Error | null
  handleCommandComplete(msg: unknown, connection: unknown): void
}

/**
 * Whether a statement can carry the BEGIN: it must go by the extended protocol (pg sends a statement without values
 * as a simple Query message, which answers by itself), and must not be a named statement this connection has yet to
 * parse — pg takes the first ParseComplete it hears for the statement's, and BEGIN's would come first.
 */
function canCarry(config: unknown, values: unknown, callback: unknown, connection: Connection): config is QueryConfig {
  if (typeof config !== 'object' || config === null || typeof callback === 'function' || typeof values === 'function') return false
  const c = config as QueryConfig
  if (typeof c.submit === 'function' || typeof c.text !== 'string' || c.rows) return false
  const params = (values as unknown[] | undefined) ?? c.values
  const extended = c.queryMode === 'extended' || Boolean(c.name) || (Array.isArray(params) && params.length > 0)
  return extended && (!c.name || connection.parsedStatements[c.name] !== undefined)
}

/** Makes every transaction begun on `client` send its BEGIN with its first statement. */
export function beginWithFirstStatement(client: pg.PoolClient): void {
  const deferring = client as Deferring
  const query = client.query.bind(client) as QueryFn
  const connection = (client as unknown as { connection: Connection }).connection
  const promised = (values: unknown, callback: unknown) => typeof values !== 'function' && typeof callback !== 'function'

  /** The BEGIN on its own, then the statement once BEGIN succeeded — however the caller wants the answer. */
  function afterBegin(begin: string, args: QueryArgs): unknown {
    const [config, values, callback] = args
    const begun = query(begin) as Promise<unknown>
    const submittable = config as { submit?: unknown; handleError?(err: unknown, connection: Connection): void }
    if (typeof submittable?.submit === 'function') {
      begun.then(() => query(...args), (err) => submittable.handleError?.(err, connection))
      return config
    }
    const answer = typeof values === 'function' ? values : callback
    if (typeof answer === 'function') {
      begun.then(() => query(...args), (err) => answer(err))
      return undefined
    }
    return begun.then(() => query(...args))
  }

  ;(client as unknown as { query: QueryFn }).query = (...args: QueryArgs) => {
    const [config, values, callback] = args
    const text = typeof config === 'string' ? config : (config as QueryConfig | null)?.submit ? undefined : (config as QueryConfig | null)?.text
    const begin = deferring[pending]
    if (begin === undefined) {
      const noValues = values === undefined || Array.isArray(values) && values.length === 0
      if (typeof text !== 'string' || !BEGIN.test(text) || !noValues || !promised(values, callback)) return query(...args)
      deferring[pending] = text
      return Promise.resolve(answered('BEGIN'))
    }
    deferring[pending] = undefined
    if (typeof text === 'string' && END.test(text) && promised(values, callback)) {
      return Promise.resolve(answered(text.trim().split(/[\s;]/)[0]!.toUpperCase()))
    }
    if (!canCarry(config, values, callback, connection)) return afterBegin(begin, args)
    return new Promise((resolve, reject) => {
      const carrier = new BeginThenQuery(begin, config, values)
      carrier.callback = (err, result) => (err ? reject(err) : resolve(result))
      query(carrier)
    })
  }
}

/** Forgets a BEGIN not yet sent, as the client goes back to the pool: its transaction never reached PostgreSQL. */
export function forgetUnsentBegin(client: pg.PoolClient): void {
  ;(client as Deferring)[pending] = undefined
}
