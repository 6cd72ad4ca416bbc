import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import t from 'tap'
import { buildApp, createDeps } from '../../src/app.js'
import { createDatabase } from '../../src/db/client.js'
import { startEmbeddedPostgres } from '../../src/db/embedded.js'
import { migrateDatabase } from '../../src/db/migrate.js'
import { READINESS_DEADLINE_MS } from '../../src/db/readiness.js'
import { seedDatabase } from '../../src/seed.js'
import { testConfig, testLogger } from '../helpers/build.js'

/**
 * A real stall: a PostgreSQL cluster of this test's own, whose processes are stopped with SIGSTOP
 * (the server is there, its sockets accept, nothing answers), and a table lock that outlasts the
 * statement timeout. The shared test cluster is never touched.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'tocsin-stall-'))
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))

/** The postmaster and every process it started (backends, checkpointer, …). */
function clusterPids(): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])
  const children = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((pid) => {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster
    } catch {
      return false
    }
  }).map(Number)
  return [postmaster, ...children]
}

function signalCluster(signal: 'SIGSTOP' | 'SIGCONT'): void {
  for (const pid of clusterPids()) {
    try {
      process.kill(pid, signal)
    } catch {
      // a backend that just exited
    }
  }
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await work
  return { value, ms: performance.now() - start }
}

t.test('a stalled database: requests answer 503 within the timeouts and /readyz within its deadline', async (t) => {
  t.ok(READINESS_DEADLINE_MS < 2000, '/readyz gives the database less than 2 s')
  const logger = testLogger()
  const server = await startEmbeddedPostgres(dataDir, logger)
  let stopped = false
  t.teardown(async () => {
    if (stopped) signalCluster('SIGCONT')
    await server.stop()
  })
  const config = testConfig({ DATABASE_URL: server.url, DATABASE_STATEMENT_TIMEOUT: '2', DATABASE_CONNECT_TIMEOUT: '1' })
  const database = createDatabase(server.url, 10, { statementTimeout: config.databaseStatementTimeout, connectTimeout: config.databaseConnectTimeout })
  t.teardown(() => database.close())
  await migrateDatabase(database)
  await seedDatabase(database, config, logger)
  const app = await buildApp(createDeps({ config, database, logger }))
  t.teardown(() => app.close())

  const { token } = (await app.inject({
    method: 'POST', url: '/rest-api/token/', headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
  })).json()
  const users = () => app.inject({ method: 'GET', url: '/rest-api/user/', headers: { authorization: `Token ${token}` } })
  t.equal((await users()).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)

  t.test('a lock held past the statement timeout: PostgreSQL cancels, the request answers 503', async (t) => {
    const holder = new pg.Client({ connectionString: server.url })
    await holder.connect()
    await holder.query('begin')
    await holder.query('lock table users in access exclusive mode')
    const { value: blocked, ms } = await timed(users())
    await holder.query('rollback')
    await holder.end()
    t.equal(blocked.statusCode, 503)
    t.equal(blocked.json().error.code, 'database_unavailable')
    t.equal(blocked.headers['retry-after'], '5')
    t.ok(ms >= 1500 && ms < 15_000, `answered after the 2 s statement timeout (${Math.round(ms)} ms)`)
    t.equal((await users()).statusCode, 200, 'the pool works again at once')
  })

  t.test('PostgreSQL stopped (SIGSTOP): /readyz 503 by its deadline, API 503, /healthz unaffected; SIGCONT recovers', async (t) => {
    signalCluster('SIGSTOP')
    stopped = true
    const { value: ready, ms: readyMs } = await timed(app.inject({ method: 'GET', url: '/readyz' }))
    t.equal(ready.statusCode, 503)
    t.same(ready.json(), { status: 'database did not answer in time' })
    t.ok(readyMs >= READINESS_DEADLINE_MS - 50 && readyMs < 5000, `/readyz answered at its deadline (${Math.round(readyMs)} ms)`)
    t.comment(`/readyz answered 503 after ${Math.round(readyMs)} ms`)

    const { value: api, ms: apiMs } = await timed(users())
    t.equal(api.statusCode, 503)
    t.equal(api.json().error.code, 'database_unavailable')
    t.ok(apiMs < 15_000, `the API gave up within its timeouts (${Math.round(apiMs)} ms)`)
    const concurrent = await Promise.all(Array.from({ length: 15 }, () => users()))
    t.same([...new Set(concurrent.map((r) => r.statusCode))], [503], 'more requests than pool connections: every one answers 503')
    t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)

    signalCluster('SIGCONT')
    stopped = false
    let readyAgain = 0
    for (let i = 0; i < 60 && readyAgain !== 200; i++) {
      readyAgain = (await app.inject({ method: 'GET', url: '/readyz' })).statusCode
      if (readyAgain !== 200) await new Promise((r) => setTimeout(r, 500))
    }
    t.equal(readyAgain, 200, 'ready again once PostgreSQL runs')
    let apiAgain = 0
    for (let i = 0; i < 20 && apiAgain !== 200; i++) {
      apiAgain = (await users()).statusCode
      if (apiAgain !== 200) await new Promise((r) => setTimeout(r, 500))
    }
    t.equal(apiAgain, 200, 'the API recovers')
    const after = await Promise.all(Array.from({ length: 12 }, () => users()))
    t.same([...new Set(after.map((r) => r.statusCode))], [200], 'no pooled connection was left busy or inside a transaction')
  })
})
