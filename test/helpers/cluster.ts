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
 * run alone (`npx tap test/x.test.ts`) prepares its own. On the embedded cluster, databases are
 * created and dropped by its superuser, owned by the application role, and used as that role — as
 * Tocsin uses its own database; with DATABASE_URL one role does everything.
 */
export interface TestCluster {
  /** connection string to the cluster's maintenance database, as a role that may create databases */
  adminUrl: string
  /** the role tests connect as (any database name in it is replaced) */
  appUrl: string
  /** owner of the databases created for tests; null = whoever creates them */
  appRole: string | null
  template: string
}

export const TEMPLATE_ENV = 'TOCSIN_TEST_TEMPLATE'
export const ADMIN_URL_ENV = 'TOCSIN_TEST_ADMIN_URL'
export const APP_URL_ENV = 'TOCSIN_TEST_APP_URL'
export const APP_ROLE_ENV = 'TOCSIN_TEST_APP_ROLE'

export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** `create database` as adminUrl's role, owned by the test cluster's application role when there is one. */
export function createDatabaseSql(cluster: Pick<TestCluster, 'appRole'>, name: string, template?: string): string {
  return `create database "${name}"${template ? ` template "${template}"` : ''}${cluster.appRole ? ` owner "${cluster.appRole}"` : ''}`
}

/** Creates `template` on the cluster: our migrations, graphile-worker's schema, the seed data (as the application role). */
export async function prepareTemplate(cluster: Omit<TestCluster, 'template'>, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: cluster.adminUrl })
  await admin.connect()
  await admin.query(`drop database if exists "${template}" with (force)`)
  await admin.query(createDatabaseSql(cluster, template))
  await admin.end()
  const url = withDatabase(cluster.appUrl, template)
  const database = createDatabase(url, 2)
  const config = loadConfig({ DATABASE_URL: url, SECRET_KEY: 'test-secret-key-0123456789' })
  await migrateDatabase(database)
  await seedDatabase(database, config, pino({ level: 'silent' }))
  // The seeded organization may be reached at any hour: the many tests that place an alarm "now" must not depend on
  // the hour they run at. Contact hours are tested with their own settings (test/alarms/contact-hours-*.test.ts).
  await database.pool.query("update organization set contact_hours_start = '00:00', contact_hours_end = '24:00'")
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
    const cluster = { adminUrl: server.superuserUrl, appUrl: server.url, appRole: server.appRole, template: 'tocsin_template' }
    await prepareTemplate(cluster, cluster.template)
    return { cluster, server: { ...server, stop } }
  } catch (err) {
    await stop()
    throw err
  }
}

let own: Promise<TestCluster> | undefined

export function testCluster(): Promise<TestCluster> {
  const adminUrl = process.env[ADMIN_URL_ENV]
  const template = process.env[TEMPLATE_ENV]
  if (adminUrl && template) {
    return Promise.resolve({ adminUrl, template, appUrl: process.env[APP_URL_ENV] || adminUrl, appRole: process.env[APP_ROLE_ENV] || null })
  }
  own ??= startTestCluster().then(async ({ cluster, server }) => {
    // The postgres child keeps the event loop alive: stop it when this file's root test ends.
    const { default: tap } = await import('tap')
    tap.teardown(() => server.stop())
    return cluster
  })
  return own
}
