// A transaction's BEGIN and COMMIT go to PostgreSQL with its statements instead of on their own: each would otherwise
// be a round trip that carries no answer anyone reads.
//
// BEGIN with the first statement (always, as pgjdbc does): drizzle awaits `begin` before it runs the transaction's
// work, so `begin` is answered at once here and written, when the first statement comes, ahead of that statement's own
// messages and under its Sync: PostgreSQL runs both in order and answers once. Should BEGIN fail, the statement behind
// it is skipped (the extended protocol skips to the Sync after an error) and its caller gets BEGIN's error, so nothing
// ever runs outside the transaction it was meant for. A statement that cannot carry it (canCarry) waits for the BEGIN
// sent on its own, as before. A transaction with no statement sends nothing at all.
//
// COMMIT with the last statement (when its caller says so: commitWithNextStatement): COMMIT is written after the
// statement, under the same Sync. If the statement fails, COMMIT is skipped with it, and the transaction rolls back as
// it would have; if COMMIT fails, the statement's caller gets that error. Once it committed, drizzle's own `commit` is
// answered at once, and any other statement in the transaction is refused rather than run outside it.
import pg from 'pg'
import type { Tx } from './client.js'

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown]
type QueryFn = (...args: QueryArgs) => unknown
interface QueryConfig { text?: string; name?: string; values?: unknown[]; queryMode?: string; rows?: number; submit?: unknown }
/** What pg's Connection offers a query as it is submitted (pg/lib/connection.js); only what is used here. */
interface Connection {
  parse(query: { text: string; name?: string; types?: unknown[] }): void
  bind(config: { portal?: string; statement?: string; values?: unknown[] }): void
  execute(config: { portal?: string; rows?: number }): void
  sync(): void
  parsedStatements: Record<string, string>
}

const BEGIN = /^\s*begin\b/i
const END = /^\s*(commit|rollback)\s*;?\s*$/i
/** What a pooled client holds between its transaction's statements. */
interface Edges {
  /** a BEGIN asked for and answered, not yet sent */
  begin?: string
  /** the next statement carries COMMIT */
  commitNext: boolean
  /** the transaction committed with its last statement */
  committed: boolean
}
const edgesOf = Symbol('tocsin.transactionEdges')
type Carrying = pg.PoolClient & { [edgesOf]?: Edges }

// What drizzle's `begin`, `commit` or `rollback` gets when nothing was sent: drizzle reads nothing of it.
const answered = (command: string) => ({ command, rowCount: null, oid: null, rows: [], fields: [] })
/** An unnamed statement run in the unnamed portal: what BEGIN and COMMIT are sent as, around the statement's own. */
function writeUnnamed(connection: Connection, text: string): void {
  connection.parse({ text, name: '', types: [] })
  connection.bind({ portal: '', statement: '', values: [] })
  connection.execute({ portal: '', rows: 0 })
}

interface PgQuery {
  callback?: (err: Error | null, result?: unknown) => void
  submit(connection: Connection): Error | null
  handleCommandComplete(msg: unknown, connection: unknown): void
  _getRows(connection: Connection, rows?: number): void
}

/** pg's own Query, with a BEGIN written ahead of it and/or a COMMIT behind it; their completions are not its own. */
class CarryingQuery extends (pg.Query as unknown as new (config: QueryConfig, values?: unknown) => PgQuery) {
  private completions = 0
  constructor(private readonly begin: string | undefined, private readonly commit: boolean, config: QueryConfig, values?: unknown) {
    super(config, values)
  }

  override submit(connection: Connection): Error | null {
    if (!this.begin) return super.submit(connection)
    // Unnamed statement and portal: the statement's own Parse or Bind below replaces them. pg corks the stream while
    // a query writes its messages, and so does this: they leave as one write.
    const stream = (connection as unknown as { stream: { cork?(): void; uncork?(): void } }).stream
    stream.cork?.()
    try {
      writeUnnamed(connection, this.begin)
      return super.submit(connection)
    } finally {
      stream.uncork?.()
    }
  }

  // pg ends a statement's messages here with its Execute and the Sync; COMMIT goes between the two.
  override _getRows(connection: Connection, rows?: number): void {
    if (!this.commit) return super._getRows(connection, rows)
    connection.execute({ portal: '', rows: 0 })
    writeUnnamed(connection, 'commit')
    connection.sync()
  }

  override handleCommandComplete(msg: unknown, connection: unknown): void {
    if (this.completions++ === (this.begin ? 1 : 0)) super.handleCommandComplete(msg, connection)
  }
}

/**
 * Whether a statement can carry BEGIN or COMMIT: it must go by the extended protocol (pg sends a statement without
 * values as a simple Query message, which answers by itself), and to carry BEGIN it must not be a named statement this
 * connection has yet to parse — pg takes the first ParseComplete it hears for the statement's, and BEGIN's would come
 * first.
 */
function carries(config: unknown, values: unknown, callback: unknown, connection: Connection): { begin: boolean; commit: boolean } {
  const none = { begin: false, commit: false }
  if (typeof config !== 'object' || config === null || typeof callback === 'function' || typeof values === 'function') return none
  const c = config as QueryConfig
  if (typeof c.submit === 'function' || typeof c.text !== 'string' || c.text.trim() === '' || c.rows) return none
  const params = (values as unknown[] | undefined) ?? c.values
  const extended = c.queryMode === 'extended' || Boolean(c.name) || (Array.isArray(params) && params.length > 0)
  return { begin: extended && (!c.name || connection.parsedStatements[c.name] !== undefined), commit: extended }
}

/** Makes every transaction begun on `client` send its BEGIN with its first statement, and its COMMIT when told. */
export function carryTransactionEdges(client: pg.PoolClient): void {
  const edges: Edges = { commitNext: false, committed: false }
  ;(client as Carrying)[edgesOf] = edges
  const query = client.query.bind(client) as QueryFn
  const connection = (client as unknown as { connection: Connection }).connection
  const promised = (values: unknown, callback: unknown) => typeof values !== 'function' && typeof callback !== 'function'

  /** The statement, carrying what it can; a BEGIN it cannot carry goes first, on its own. */
  function send(args: QueryArgs, begin: string | undefined, commit: boolean): unknown {
    const [config, values] = args
    const can = carries(config, values, args[2], connection)
    if (begin !== undefined && !can.begin) return afterBegin(begin, args, commit)
    if (begin === undefined && !(commit && can.commit)) return query(...args)
    return new Promise((resolve, reject) => {
      const carrier = new CarryingQuery(begin, commit && can.commit, config as QueryConfig, values)
      carrier.callback = (err, result) => {
        if (err) return reject(err)
        if (commit && can.commit) edges.committed = true
        resolve(result)
      }
      query(carrier)
    })
  }

  /** The BEGIN on its own, then the statement once BEGIN succeeded — however the caller wants the answer. */
  function afterBegin(begin: string, args: QueryArgs, commit: boolean): unknown {
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
    return begun.then(() => send(args, undefined, commit))
  }

  ;(client as unknown as { query: QueryFn }).query = (...args: QueryArgs) => {
    const [config, values, callback] = args
    const text = typeof config === 'string' ? config : (config as QueryConfig | null)?.submit ? undefined : (config as QueryConfig | null)?.text
    const ends = typeof text === 'string' && END.test(text) && promised(values, callback)
    if (edges.committed) {
      // drizzle's COMMIT (or its ROLLBACK, should the work throw after its last statement committed) ends it here.
      if (!ends) return Promise.reject(new Error('this transaction committed with its last statement: nothing more may run in it'))
      edges.committed = false
      return Promise.resolve(answered(text!.trim().split(/[\s;]/)[0]!.toUpperCase()))
    }
    const begin = edges.begin
    const commit = edges.commitNext && !ends
    edges.commitNext = false
    if (begin === undefined) {
      const noValues = values === undefined || Array.isArray(values) && values.length === 0
      if (typeof text === 'string' && BEGIN.test(text) && noValues && promised(values, callback)) {
        edges.begin = text
        return Promise.resolve(answered('BEGIN'))
      }
      return send(args, undefined, commit)
    }
    edges.begin = undefined
    if (ends) return Promise.resolve(answered(text!.trim().split(/[\s;]/)[0]!.toUpperCase()))
    return send(args, begin, commit)
  }
}

/** Forgets what a transaction left unsent, as its client goes back to the pool: it never reached PostgreSQL. */
export function forgetUnsentEdges(client: pg.PoolClient): void {
  const edges = (client as Carrying)[edgesOf]
  if (!edges) return
  edges.begin = undefined
  edges.commitNext = false
  edges.committed = false
}

/**
 * The next statement run in `tx` is its last: its COMMIT goes with it, in the same round trip. Whatever follows in
 * the transaction's work must not touch the database (it is refused), nor fail — a failure then can no longer undo
 * what committed. On the pool (no transaction) it changes nothing. Not inside a nested transaction (a savepoint),
 * whose COMMIT would be its outer transaction's.
 */
export function commitWithNextStatement(tx: Tx): void {
  const handle = tx as unknown as { nestedIndex?: number; _: { session: { client: unknown } } }
  if ((handle.nestedIndex ?? 0) > 0) throw new Error('commitWithNextStatement: not inside a nested transaction')
  const edges = (handle._.session.client as Carrying)[edgesOf]
  if (edges) edges.commitNext = true
}
