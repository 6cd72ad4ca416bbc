// `npm run bench`: the alarm scheduler under load, end to end — Tocsin (HTTP webhooks + job worker, one process) on
// PostgreSQL, dialling the carrier simulator running in its own process (timeScale 0: callees answer and press 1 at
// once). Phases:
//   A. throughput  BENCH_ALARMS call alarms all due at the same instant → complete reminder calls per second
//                  (due → alarm settled as success, with the whole IVR call in between) and peak memory;
//   B. lateness    BENCH_RATE alarms per second, spread over BENCH_SECONDS → dispatch lateness p50/p99/max
//                  (call.dialed_at − due time), with an empty future;
//   C. the same as B with BENCH_FUTURE (default 1,000,000) future alarms (due in 2+ days) in the tables, planned
//      as the API plans them (alarm_schedule rows, beyond the job queue's horizon);
//   D. TwiML webhook latency (bench/webhook-latency.ts; BENCH_WEBHOOKS=0 skips it).
// PostgreSQL: embedded in a temporary directory, or BENCH_DATABASE_URL (a server where a database may be created).
import { fork } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import pino from 'pino'
import { buildApp, createDeps } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createDatabase } from '../src/db/client.js'
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.js'
import { migrateDatabase } from '../src/db/migrate.js'
import { seedDatabase } from '../src/seed.js'
import { createTaskList } from '../src/jobs/index.js'
import { startWorker } from '../src/jobs/worker.js'
import { benchWebhookLatency } from './webhook-latency.js'
import { BENCH_PHASE, createRoundTrips, perCall } from './round-trips.js'

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const THROUGHPUT_ALARMS = env('BENCH_ALARMS', 2000)
const RATE = env('BENCH_RATE', 20)
const SECONDS = env('BENCH_SECONDS', 20)
const FUTURE = env('BENCH_FUTURE', 1_000_000)
const CONCURRENCY = env('BENCH_CONCURRENCY', 32)

const log = (...args: unknown[]) => console.log(...args)
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

let peakRss = 0
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 100)

async function database(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env.BENCH_DATABASE_URL
  if (given) {
    const name = `tocsin_bench_${process.pid}`
    const admin = new pg.Client({ connectionString: given })
    await admin.connect()
    await admin.query(`create database "${name}"`)
    await admin.end()
    const url = new URL(given)
    url.pathname = `/${name}`
    return {
      url: url.toString(),
      stop: async () => {
        const c = new pg.Client({ connectionString: given })
        await c.connect()
        await c.query(`drop database if exists "${name}" with (force)`)
        await c.end()
      },
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-'))
  chmodSync(dir, 0o755)
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(dir, pino({ level: 'warn' }))
  return { url: embedded.url, stop: async () => { await embedded.stop(); rmSync(dir, { recursive: true, force: true }) } }
}

async function startSimulatorProcess(): Promise<{ url: string; stats(): Promise<{ peakRss: number }>; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(new URL('./simulator-process.js', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const next = (type: string) => new Promise<any>((resolve) => {
    const on = (m: { type: string }) => { if (m.type === type) { child.off('message', on); resolve(m) } }
    child.on('message', on)
  })
  const { url } = await next('ready')
  return {
    url,
    async stats() { child.send({ type: 'stats' }); return next('stats') },
    async stop() { child.send({ type: 'stop' }); await new Promise((r) => child.once('exit', r)) },
  }
}

async function main(): Promise<void> {
  log(`Tocsin alarm scheduler benchmark — ${new Date().toISOString()}, node ${process.version}, worker concurrency ${CONCURRENCY}`)
  const db = await database()
  const sim = await startSimulatorProcess()
  const port = await freePort()
  const config = loadConfig({
    DATABASE_URL: db.url, SECRET_KEY: 'bench-secret-key-0123456789', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent', WORKER_CONCURRENCY: String(CONCURRENCY),
    // Gateway 1 is pointed at the simulator process on loopback below.
    OUTBOUND_URL_ALLOW: '127.0.0.1',
  })
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' })
  // BENCH_SYNCHRONOUS_COMMIT=off shows how much of the time is spent waiting for WAL flushes (not for production).
  if (process.env.BENCH_SYNCHRONOUS_COMMIT) {
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    await c.query(`alter database "${new URL(db.url).pathname.slice(1)}" set synchronous_commit = ${process.env.BENCH_SYNCHRONOUS_COMMIT === 'off' ? 'off' : 'on'}`)
    await c.end()
  }
  const database_ = createDatabase(config.databaseUrl!, CONCURRENCY + 30)
  const roundTrips = createRoundTrips()
  roundTrips.instrument(database_.pool)
  await migrateDatabase(database_)
  await seedDatabase(database_, config, logger)
  const deps = createDeps({ config, database: database_, logger })
  const app = await buildApp(deps)
  roundTrips.instrumentApp(app)
  await app.listen({ port, host: '127.0.0.1' })
  const pool = database_.pool
  const q = async <T = any>(text: string, values: unknown[] = []) =>
    (await roundTrips.run(BENCH_PHASE, () => pool.query(text, values))).rows as T[]

  // A calendar through the API, as a manager would make it; the simulator's gateway without limits that matter.
  const api = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await app.inject({ method, url, payload, headers: { authorization: `Basic ${Buffer.from('manager:manager').toString('base64')}` } })
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  await q('update gateway set base_url = $1, max_cps = 100000, max_concurrent = 0 where id = 1', [sim.url])
  const setting = await api('POST', '/rest-api/calendar-setting/', { label: 'bench', survey: 1, aleg_gateway: 1, sms_gateway: 1, callerid: '+15550000001' })
  const cu = await api('POST', '/rest-api/calendar-user/', { username: 'bench_cu', password: 'bench_cu' })
  await api('PATCH', `/rest-api/calendar-user-profile/${cu.id}/`, { calendar_setting: setting.id })
  const cal = await api('POST', '/rest-api/calendar/', { name: 'bench', user: cu.id })
  const data = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }
  const ev = await api('POST', '/rest-api/event/', { title: 'Checkup', calendar: cal.id, start: new Date(Date.now() + 30 * 86_400_000).toISOString(), data })

  const runner = await startWorker({ database: database_, logger, concurrency: CONCURRENCY, tasks: roundTrips.wrapTasks(createTaskList(deps)) })
  await sleep(500)

  // Alarms and their plans in bulk, as scheduleAlarms makes them one by one: a keyed job when due within the horizon,
  // an alarm_schedule row beyond it.
  let numbers = 0
  async function insertAlarms(dues: string /* SQL over g = 1..n */, n: number, beyondHorizon = false): Promise<void> {
    const first = numbers
    numbers += n
    const insert = `insert into alarm (event_id, method, date_start_notice, alarm_phonenumber, survey_id, timezone)
        select $1, 1, ${dues}, '+1555' || lpad(($2 + g)::text, 7, '0'), 1, 'UTC' from generate_series(1, $3::int) g
        returning id, date_start_notice`
    await q(beyondHorizon
      ? `with a as (${insert}) insert into alarm_schedule (alarm_id, due_at) select id, date_start_notice from a`
      : `with a as (${insert})
         select count(*) from graphile_worker.add_jobs(array(
           select row('alarm-due', json_build_object('alarmId', id, 'due', to_json(date_start_notice) #>> '{}'), null, date_start_notice,
                      10, 'alarm:' || id, 0, null)::graphile_worker.job_spec from a))`, [ev.id, first, n])
  }

  async function settle(since: number, expected: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const [row] = await q<{ open: number }>(`select count(*)::int as open from alarm where id > $1 and status in (1, 2, 4)`, [since])
      if (row!.open === 0) return
      if (Date.now() > deadline) throw new Error(`${row!.open} of ${expected} alarms still open after ${timeoutMs} ms`)
      await sleep(100)
    }
  }

  async function results(since: number) {
    return q<{ status: number; lateness: number | null; done: number }>(`
      select a.status,
             extract(epoch from c.dialed_at - (a.date_start_notice - a.advance_notice * interval '1 second')) * 1000 as lateness,
             extract(epoch from a.updated_date) * 1000 as done
        from alarm a left join alarm_request r on r.alarm_id = a.id left join call c on c.id = r.call_id
       where a.id > $1`, [since])
  }

  const maxId = async () => (await q<{ id: number }>('select coalesce(max(id), 0)::int as id from alarm'))[0]!.id
  const report: Record<string, unknown> = {}

  // A. Throughput
  {
    const since = await maxId()
    const due = Date.now() + 3000
    peakRss = 0
    roundTrips.reset()
    await insertAlarms(`to_timestamp(${due / 1000})`, THROUGHPUT_ALARMS)
    await settle(since, THROUGHPUT_ALARMS, 600_000)
    const rows = await results(since)
    const last = Math.max(...rows.map((r) => Number(r.done)))
    const ok = rows.filter((r) => r.status === 5).length
    const seconds = (last - due) / 1000
    report.throughput = {
      alarms: THROUGHPUT_ALARMS, succeeded: ok, seconds: +seconds.toFixed(2), callsPerSecond: +(ok / seconds).toFixed(1),
      peakRssTocsin: mb(peakRss), peakRssSimulator: mb((await sim.stats()).peakRss),
    }
    log('A. throughput', report.throughput)
    report.roundTrips = perCall(roundTrips.snapshot(), ok)
    log('   PostgreSQL round trips', JSON.stringify(report.roundTrips, null, 2))
    if (process.env.BENCH_TRACE_SQL) log('   statements by phase', JSON.stringify(roundTrips.trace(), null, 2))
  }

  async function latenessRound(label: string): Promise<Record<string, unknown>> {
    const since = await maxId()
    const n = RATE * SECONDS
    const start = Date.now() + 3000
    peakRss = process.memoryUsage().rss
    // Due times spread evenly: RATE per second for SECONDS seconds, at millisecond offsets.
    await insertAlarms(`to_timestamp(${start / 1000} + (g - 1)::float8 / ${RATE})`, n)
    await settle(since, n, SECONDS * 1000 + 120_000)
    const rows = await results(since)
    const late = rows.map((r) => Number(r.lateness)).filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
    const out = {
      alarms: n, ratePerSecond: RATE, succeeded: rows.filter((r) => r.status === 5).length,
      latenessMs: { p50: +percentile(late, 50).toFixed(1), p99: +percentile(late, 99).toFixed(1), max: +late.at(-1)!.toFixed(1) },
      peakRssTocsin: mb(peakRss), rssAfter: mb(process.memoryUsage().rss),
    }
    log(label, out)
    return out
  }

  // B. Lateness, empty future
  report.lateness = await latenessRound('B. dispatch lateness')

  // C. The same with a million future alarms (and a million future jobs) in the tables
  if (FUTURE > 0) {
    const t0 = Date.now()
    const batch = 100_000
    for (let done = 0; done < FUTURE; done += batch) {
      await insertAlarms(`now() + interval '2 days' + (g * interval '1 second')`, Math.min(batch, FUTURE - done), true)
    }
    await q('analyze alarm')
    await q('analyze alarm_schedule')
    const [jobs] = await q<{ n: number }>(`select count(*)::int as n from graphile_worker._private_jobs`)
    const [planned] = await q<{ n: number }>(`select count(*)::int as n from alarm_schedule`)
    log(`   inserted ${FUTURE} future alarms in ${((Date.now() - t0) / 1000).toFixed(1)} s (alarm_schedule: ${planned!.n} rows, jobs table: ${jobs!.n} rows)`)
    report.latencyWithFuture = { futureAlarms: FUTURE, ...(await latenessRound('C. dispatch lateness with future alarms')) }
  }

  clearInterval(sampler)
  await runner.stop()
  await app.close()
  await database_.close()
  await sim.stop()
  await db.stop()

  // D. TwiML webhook latency (bench/webhook-latency.ts, on its own database)
  if (process.env.BENCH_WEBHOOKS !== '0') {
    report.webhookLatency = await benchWebhookLatency()
    log('D. TwiML webhook latency (ms)', report.webhookLatency)
  }
  log('\nRESULT', JSON.stringify(report, null, 2))
}

main().then(() => process.exit(0), (err) => {
  console.error(err)
  process.exit(1)
})

