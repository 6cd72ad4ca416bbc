import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { DATABASE_TIMEOUT_DEFAULTS } from '../config.js'
import * as schema from './schema/index.js'
import { beginWithFirstStatement, forgetUnsentBegin } from './begin-with-first.js'

export type Db = NodePgDatabase<typeof schema>
/** A database handle or an open transaction: services accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db

export interface Database {
  /** the connection string (for the few connections made outside the pool: migrations, readiness) */
  url: string
  pool: pg.Pool
  db: Db
  close(): Promise<void>
}

/** Seconds, as DATABASE_STATEMENT_TIMEOUT and DATABASE_CONNECT_TIMEOUT give them. */
export interface DatabaseTimeouts {
  statementTimeout: number
  connectTimeout: number
}

// timestamptz comes back as a Date; keep int8 (counts) as numbers since ours never exceed 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))

/**
 * The client side waits a little longer than PostgreSQL's statement_timeout: normally the server
 * cancels a slow statement and the connection stays usable; the client's own limit is for a server
 * that does not answer at all (stopped, frozen, cut off).
 */
const CLIENT_GRACE_MS = 2000

interface ClientState {
  _activeQuery?: unknown
  _queryQueue?: unknown[]
  _txStatus?: string | null
}

/**
 * A connection given back while a statement is still running on it (the client gave up waiting)
 * or inside a transaction (its ROLLBACK never got through) would hand the next user a busy or
 * half-done session, whose writes could then commit with someone else's. Such a connection is
 * closed instead of pooled; PostgreSQL rolls its transaction back. (pg keeps this state in
 * underscored fields; `_txStatus` is the server's own ReadyForQuery status: I = idle.)
 */
function unsafeToReuse(client: pg.PoolClient): boolean {
  const state = client as unknown as ClientState
  return Boolean(state._activeQuery) || (state._queryQueue?.length ?? 0) > 0 || (state._txStatus != null && state._txStatus !== 'I')
}

/**
 * Connections the pool keeps however long it is idle; pg-pool closes the others after 10 s idle. At a clinic's pace —
 * a call every few minutes — it closed them all between calls, and a call's dispatch and first webhook each opened a
 * new one: a backend started, the SCRAM password exchange (thousands of hash rounds on both sides), and every named
 * statement parsed and planned again. Warm, the first webhook after a quiet spell takes what any other does
 * (docs/scaling.md, "What changed last").
 */
export const WARM_CONNECTIONS = 2

export function createDatabase(connectionString: string, max = 10, timeouts: DatabaseTimeouts = DATABASE_TIMEOUT_DEFAULTS): Database {
  const pool = new pg.Pool({
    connectionString,
    max,
    min: Math.min(WARM_CONNECTIONS, max),
    statement_timeout: timeouts.statementTimeout * 1000,
    query_timeout: timeouts.statementTimeout * 1000 + CLIENT_GRACE_MS,
    connectionTimeoutMillis: timeouts.connectTimeout * 1000,
    keepAlive: true,
  })
  // An idle client losing its server (e.g. a PostgreSQL restart) must not crash the process.
  pool.on('error', () => {})
  pool.on('connect', (client) => {
    client.on('error', () => {})
    beginWithFirstStatement(client)
  })
  pool.on('release', (err: Error | undefined, client: pg.PoolClient) => {
    forgetUnsentBegin(client)
    if (!err && unsafeToReuse(client)) void client.end().catch(() => {})
  })
  const db = drizzle(pool, { schema })
  return { url: connectionString, pool, db, close: () => pool.end() }
}
