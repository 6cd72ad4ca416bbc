// `npm run chaos`: Tocsin (HTTP + worker, one process) on an embedded PostgreSQL, the carrier simulator mounted in it
// with every disorder on (run-chaos.ts), CHAOS_ALARMS call and SMS alarms (default 500). Prints a table, then one
// JSON line with the figures; exits 1 when an invariant does not hold (an attempt dialled twice, an answer lost, an
// alarm unsettled, a send to an opted-out number, a webhook answered 5xx).
// CHAOS_TIME_SCALE (default 0.02) speeds the simulated callees up; CHAOS_SEED changes the disorder;
// CHAOS_TIMEOUT (seconds, default 900) bounds the wait; BENCH_LOG_LEVEL shows Tocsin's log.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { buildApp, createDeps } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createDatabase } from '../src/db/client.js'
import { freePort, startEmbeddedPostgres } from '../src/db/embedded.js'
import { migrateDatabase } from '../src/db/migrate.js'
import { seedDatabase } from '../src/seed.js'
import { createTaskList } from '../src/jobs/index.js'
import { startWorker } from '../src/jobs/worker.js'
import { createSimulator } from '../src/simulator/simulator.js'
import { simulatorAuth } from '../src/telephony/simulator-auth.js'
import { FULL_CHAOS, runChaos, violations } from './chaos/run-chaos.js'

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

async function main(): Promise<number> {
  const alarms = env('CHAOS_ALARMS', 500)
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-chaos-'))
  chmodSync(dir, 0o755)
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' })
  const embedded = await startEmbeddedPostgres(dir, pino({ level: 'warn' }))
  const port = await freePort()
  const config = loadConfig({
    DATABASE_URL: embedded.url, SECRET_KEY: 'chaos-secret-key-0123456789', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '16',
    // A call whose final status was dropped is looked up soon after its ring timeout; texts are settled within a
    // minute, not ten (the same logic, shorter waits).
    CALL_RECONCILE_AFTER: '2', SMS_DELIVERY_DEADLINE: '30',
  })
  const database = createDatabase(config.databaseUrl!, 40)
  const stops: Array<() => Promise<unknown>> = []
  try {
    await migrateDatabase(database)
    await seedDatabase(database, config, logger)
    // Its alarms are due at once, at whatever hour it runs: outside the default contact hours they would wait.
    await database.pool.query("update organization set contact_hours_start = '00:00', contact_hours_end = '24:00'")
    const deps = createDeps({ config, database, logger })
    const simulator = createSimulator({ logger, timeScale: env('CHAOS_TIME_SCALE', 0.02), verifyAuth: simulatorAuth(database.db, config.secretKey) })
    const app = await buildApp(deps, { simulator })
    await app.listen({ port, host: '127.0.0.1' })
    stops.push(() => app.close())
    const runner = await startWorker({ database, logger, concurrency: config.workerConcurrency, tasks: createTaskList(deps) })
    stops.push(() => runner.stop())
    const auth = `Basic ${Buffer.from('manager:manager').toString('base64')}`
    const api = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
      const res = await app.inject({ method, url, payload, headers: { authorization: auth } })
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
      return res.json()
    }
    const chaos = { ...FULL_CHAOS, seed: env('CHAOS_SEED', FULL_CHAOS.seed) }
    console.log(`Tocsin chaos run — ${new Date().toISOString()}, node ${process.version}, ${alarms} alarms, chaos ${JSON.stringify(chaos)}`)
    const report = await runChaos({ deps, simulator, api }, {
      alarms, chaos, timeoutMs: env('CHAOS_TIMEOUT', 900) * 1000, progress: (line) => console.log(`  ${line}`),
    })
    const { detail, seconds, chaos: _used, ...figures } = report
    console.table({ ...figures, ...detail, 'seconds until settled': seconds })
    console.log(JSON.stringify(figures))
    const problems = violations(report)
    for (const p of problems) console.error(`FAILED: ${p}`)
    return problems.length === 0 ? 0 : 1
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {})
    await database.close()
    await embedded.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(err)
  process.exit(1)
})
