import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import * as schema from './schema/index.js'

export type Db = NodePgDatabase<typeof schema>
/** A database handle or an open transaction: services accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db

export interface Database {
  pool: pg.Pool
  db: Db
  close(): Promise<void>
}

// timestamptz comes back as a Date; keep int8 (counts) as numbers since ours never exceed 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))

export function createDatabase(connectionString: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString, max })
  // An idle client losing its server (e.g. a PostgreSQL restart) must not crash the process.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = drizzle(pool, { schema })
  return { pool, db, close: () => pool.end() }
}
