import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import pino from 'pino'
import { loadConfig } from '../../src/config.js'
import { createDatabase } from '../../src/db/client.js'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js'
import { migrateDatabase } from '../../src/db/migrate.js'
import { seedDatabase } from '../../src/seed.js'

/**
 * The PostgreSQL every test file clones its database from. `npm test` (test/run.ts) prepares one
 * cluster and a migrated, seeded template for all files and passes it in the environment; a file
 * run alone (`npx tap test/x.test.ts`) prepares its own.
 */
export interface TestCluster {
  /** connection string to the cluster's maintenance database */
  adminUrl: string
  template: string
}

export const TEMPLATE_ENV = 'TOCSIN_TEST_TEMPLATE'
export const ADMIN_URL_ENV = 'TOCSIN_TEST_ADMIN_URL'

export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** Creates `template` on the cluster at adminUrl: our migrations, graphile-worker's schema, the seed data. */
export async function prepareTemplate(adminUrl: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`drop database if exists "${template}" with (force)`)
  await admin.query(`create database "${template}"`)
  await admin.end()
  const database = createDatabase(withDatabase(adminUrl, template), 2)
  const config = loadConfig({ DATABASE_URL: withDatabase(adminUrl, template), SECRET_KEY: 'test-secret-key-0123456789' })
  await migrateDatabase(database)
  await seedDatabase(database, config, pino({ level: 'silent' }))
  await database.close()
}

/**
 * A fresh embedded cluster in a temporary directory. Stopping it removes the directory too: the cluster is started
 * like a user's (kept across restarts), which for a test is ~70 MB left behind on every run.
 */
export async function startTestCluster(): Promise<{ cluster: TestCluster; server: EmbeddedDatabase }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tocsin-test-'))
  let server: EmbeddedDatabase | undefined
  const stop = async () => {
    try {
      await server?.stop()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  try {
    chmodSync(dataDir, 0o755) // as root, PostgreSQL runs as the `postgres` user and must reach its directory
    server = await startEmbeddedPostgres(dataDir, pino({ level: 'warn' }))
    const adminUrl = withDatabase(server.url, 'postgres')
    const template = 'tocsin_template'
    await prepareTemplate(adminUrl, template)
    return { cluster: { adminUrl, template }, server: { url: server.url, stop } }
  } catch (err) {
    await stop()
    throw err
  }
}

let own: Promise<TestCluster> | undefined

export function testCluster(): Promise<TestCluster> {
  const adminUrl = process.env[ADMIN_URL_ENV]
  const template = process.env[TEMPLATE_ENV]
  if (adminUrl && template) return Promise.resolve({ adminUrl, template })
  own ??= startTestCluster().then(async ({ cluster, server }) => {
    // The postgres child keeps the event loop alive: stop it when this file's root test ends.
    const { default: tap } = await import('tap')
    tap.teardown(() => server.stop())
    return cluster
  })
  return own
}
