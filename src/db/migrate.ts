import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { Logger, runMigrations } from 'graphile-worker'
import pg from 'pg'
import type { Database } from './client.js'

// sql/ sits at the package root, both from src/db (tsx, tap) and from dist/src/db (compiled).
const here = dirname(fileURLToPath(import.meta.url))
export const MIGRATIONS_DIR = join(here, here.includes(join('dist', 'src')) ? '../../../sql' : '../../sql')

const MIGRATION_LOCK = 7_460_001 // arbitrary, stable advisory lock id
const silentLogger = new Logger(() => () => {})

/**
 * Applies our SQL migrations and installs graphile-worker's schema. Several processes starting at
 * once (serve + N workers) serialise on an advisory lock, because drizzle's migrator does not.
 * Our migrations run on a connection of their own, free of the pool's statement timeouts: waiting
 * for another process's migration, or one long migration, is not a stall.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const client = new pg.Client({ connectionString: database.url })
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query('set statement_timeout = 0')
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR, migrationsSchema: 'tocsin_migrations' })
    await runMigrations({ pgPool: database.pool, logger: silentLogger })
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    await client.end().catch(() => {})
  }
}

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[]
  }
  return journal.entries.length
}

/** True when every migration in sql/ has been applied (used by /readyz). */
export async function migrationsApplied(db: Pick<pg.ClientBase, 'query'>): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from tocsin_migrations.__drizzle_migrations`,
  )
  return (rows[0]?.n ?? 0) >= expectedMigrations()
}
