// `npm run bench`: the alarm scheduler under load, end to end — Tocsin (HTTP webhooks + job worker) on PostgreSQL,
// dialling the carrier simulator running in its own process (timeScale 0: callees answer and press 1 at once).
// Phases (environment variables shorten the run; 0 skips a phase):
//   A. throughput  BENCH_ALARMS (2000) call alarms all due at the same instant, one Tocsin process → complete reminder
//                  calls per second (due → alarm settled as success, with the whole IVR call in between), peak
//                  memory, and PostgreSQL round trips per call counted in the pg client (bench/round-trips.ts);
//   B. lateness    BENCH_RATE (20) alarms per second over BENCH_SECONDS (20) → dispatch lateness p50/p99/max
//                  (call.dialed_at − due time), with an empty future, after a VACUUM ANALYZE and CHECKPOINT of what
//                  A wrote (quiet(), below);
//   S. split       BENCH_SPLIT (default on) the same BENCH_ALARMS throughput with `tocsin api` and two `tocsin worker`
//                  processes on the same PostgreSQL (bench/tocsin-process.ts), checked like A: no alarm lost, nothing
//                  doubled (an attempt with two calls, a SID on two calls, two successes, an answer twice), retries
//                  counted apart with their reasons;
//   C. the same as B with BENCH_FUTURE (1,000,000) future alarms (due in 2+ days) in the tables, planned as the API
//      plans them (alarm_schedule rows, beyond the job queue's horizon);
//   D. TwiML webhook latency with 1 and 8 concurrent clients as fast as answered, and 8 paced at BENCH_WEBHOOK_PACED
//      (500) requests per second, BENCH_WEBHOOK_CALLS (2000) calls each (bench/webhook-latency.ts; BENCH_WEBHOOKS=0
//      skips it);
//   E. the ceiling: the same HTTP exchanges against a server that does nothing, BENCH_CEILING_CALLS (5000) calls
//      (bench/ceiling.ts).
// The last line printed is one JSON object with the headline figures (docs/scaling.md explains them).
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
import { measureCeiling } from './ceiling.js'
import { BENCH_PHASE, createRoundTrips, perCall } from './round-trips.js'
import { cpuPerCall, ownCpuSeconds, postgresCpu } from './cpu-time.js'
import { startSimulatorProcess } from './simulator-child.js'

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const THROUGHPUT_ALARMS = env('BENCH_ALARMS', 2000)
const RATE = env('BENCH_RATE', 20)
const SECONDS = env('BENCH_SECONDS', 20)
const FUTURE = env('BENCH_FUTURE', 1_000_000)
const CONCURRENCY = env('BENCH_CONCURRENCY', 32)
const SPLIT = env('BENCH_SPLIT', 1)
const SPLIT_ALARMS = env('BENCH_SPLIT_ALARMS', THROUGHPUT_ALARMS)
const WEBHOOK_CALLS = env('BENCH_WEBHOOK_CALLS', 2000)
const CEILING_CALLS = env('BENCH_CEILING_CALLS', 5000)
const WEBHOOK_PACED = env('BENCH_WEBHOOK_PACED', 500)

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

interface Child { send(message: object): void; next(type: string): Promise<any>; stop(): Promise<void> }

/** A `tocsin api` or `tocsin worker` process of the split deployment. */
async function startTocsinProcess(mode: 'api' | 'worker', env: Record<string, string>): Promise<Child> {
  const child = fork(fileURLToPath(new URL('./tocsin-process.js', import.meta.url)), [mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env },
  })
  const next = (type: string) => new Promise<any>((resolve, reject) => {
    const on = (m: { type: string }) => { if (m.type === type) { child.off('message', on); child.off('exit', early); resolve(m) } }
    const early = (code: number) => reject(new Error(`tocsin ${mode} exited with ${code}`))
    child.on('message', on)
    child.once('exit', early)
  })
  await next('ready')
  return {
    send: (message) => child.send(message),
    next,
    async stop() { child.send({ type: 'stop' }); await new Promise((r) => child.once('exit', r)) },
  }
}

async function main(): Promise<void> {
  log(`Tocsin alarm scheduler benchmark — ${new Date().toISOString()}, node ${process.version}, worker concurrency ${CONCURRENCY}`)
  const db = await database()
  const sim = await startSimulatorProcess()
  const port = await freePort()
  const env = {
    DATABASE_URL: db.url, SECRET_KEY: 'bench-secret-key-0123456789', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent', WORKER_CONCURRENCY: String(CONCURRENCY),
    // Gateway 1 is pointed at the simulator process on loopback below.
    OUTBOUND_URL_ALLOW: '127.0.0.1',
  }
  const config = loadConfig(env)
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
  // Alarms due "now" must go now whatever the hour the benchmark runs at: outside the default contact hours
  // (08:00–21:00) they would wait for the morning.
  await database_.pool.query("update organization set contact_hours_start = '00:00', contact_hours_end = '24:00'")
  const deps = createDeps({ config, database: database_, logger })
  const pool = database_.pool
  const q = async <T = any>(text: string, values: unknown[] = []) =>
    (await roundTrips.run(BENCH_PHASE, () => pool.query(text, values))).rows as T[]
  const postgres = await roundTrips.run(BENCH_PHASE, () => postgresCpu(pool))

  // The one-process layout (API, webhooks and jobs together), stopped while the split deployment runs.
  async function startSingle() {
    const app = await buildApp(deps)
    roundTrips.instrumentApp(app)
    await app.listen({ port, host: '127.0.0.1' })
    const runner = await startWorker({ database: database_, logger, concurrency: CONCURRENCY, tasks: roundTrips.wrapTasks(createTaskList(deps)) })
    return { app, async stop() { await runner.stop(); await app.close() } }
  }
  let single = await startSingle()

  // A calendar through the API, as a manager would make it; the simulator's gateway without limits that matter.
  const api = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await single.app.inject({ method, url, payload, headers: { authorization: `Basic ${Buffer.from('manager:manager').toString('base64')}` } })
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  await q('update gateway set base_url = $1, max_cps = 100000, max_concurrent = 0, updated_date = now() where id = 1', [sim.url])
  const setting = await api('POST', '/rest-api/calendar-setting/', { label: 'bench', survey: 1, aleg_gateway: 1, sms_gateway: 1, callerid: '+15550000001' })
  const cu = await api('POST', '/rest-api/calendar-user/', { username: 'bench_cu', password: 'bench_cu' })
  await api('PATCH', `/rest-api/calendar-user-profile/${cu.id}/`, { calendar_setting: setting.id })
  const cal = await api('POST', '/rest-api/calendar/', { name: 'bench', user: cu.id })
  const data = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }
  const ev = await api('POST', '/rest-api/event/', { title: 'Checkup', calendar: cal.id, start: new Date(Date.now() + 30 * 86_400_000).toISOString(), data })
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
    return q<{ status: number; lateness: number | null; attempt: number | null; due: number; done: number }>(`
      select a.status,
             extract(epoch from c.dialed_at - (a.date_start_notice - a.advance_notice * interval '1 second')) * 1000 as lateness,
             extract(epoch from r.date - (a.date_start_notice - a.advance_notice * interval '1 second')) * 1000 as attempt,
             extract(epoch from a.date_start_notice - a.advance_notice * interval '1 second') * 1000 as due,
             extract(epoch from a.updated_date) * 1000 as done
        from alarm a left join alarm_request r on r.alarm_id = a.id left join call c on c.id = r.call_id
       where a.id > $1`, [since])
  }

  /**
   * Since `since`: alarms lost (not succeeded), and anything doubled — an attempt with two calls, a carrier SID on two
   * calls, an alarm with two successful attempts, an answer recorded twice; and successful calls without an answer.
   * Retried alarms (an attempt failed, e.g. the carrier gave up waiting for a webhook) are counted apart, with the
   * failed attempts' reasons: a retry is the scheduler doing its job, not a double.
   */
  async function lostOrDoubled(since: number) {
    const [row] = await q<{ lost: number; doubled: number; unanswered: number; unanswered_errors: object | null; retried: number; reasons: Record<string, number> | null }>(`
      with alarms as (select id, status, num_attempt from alarm where id > $1),
           requests as (select r.* from alarm_request r join alarms a on a.id = r.alarm_id),
           calls as (select c.* from call c join requests r on r.id = c.alarm_request_id)
      select (select count(*) from alarms where status <> 5)::int as lost,
             ((select count(*) from (select alarm_request_id from calls group by 1 having count(*) > 1) x)
              + (select count(*) from (select provider_sid from calls where provider_sid is not null group by 1 having count(*) > 1) x)
              + (select count(*) from (select alarm_id from requests where status = 5 group by 1 having count(*) > 1) x)
              + (select count(*) from (select s.call_id from survey_result s join calls c on c.id = s.call_id group by s.call_id, s.node_id having count(*) > 1) x)
             )::int as doubled,
             (select count(*) from requests r where r.status = 5
                and not exists (select 1 from survey_result s where s.call_id = r.call_id))::int as unanswered,
             (select json_object_agg(what, n) from (select 'seq ' || c.seq || ', ' || coalesce(c.error, 'no error') as what, count(*)::int as n
                from calls c where not exists (select 1 from survey_result s where s.call_id = c.id) group by 1) x) as unanswered_errors,
             (select count(*) from alarms where num_attempt > 1)::int as retried,
             (select json_object_agg(reason, n) from (select coalesce(reason::text, 'none') as reason, count(*)::int as n
                from requests where status <> 5 group by 1) x) as reasons`, [since])
    return {
      lost: row!.lost, doubled: row!.doubled, retried: row!.retried, failedAttemptReasons: row!.reasons ?? {},
      // answered calls whose key never reached Tocsin (e.g. the carrier gave up waiting for a slow webhook): success
      // without an answer, by the IVR step the call reached (seq 0: no voice step, 1: no gather) and its error
      unanswered: row!.unanswered, unansweredErrors: row!.unanswered_errors ?? {},
    }
  }

  /**
   * Throughput of one round of `n` alarms due at once, on whatever layout is running; `cpu` reads each of its
   * processes' CPU seconds, before the alarms are due and once they have settled (bench/cpu-time.ts).
   */
  async function throughputRound(n: number, cpu: () => Promise<Record<string, number | null>>) {
    const since = await maxId()
    const due = Date.now() + 3000
    await insertAlarms(`to_timestamp(${due / 1000})`, n)
    const cpuBefore = await cpu()
    await settle(since, n, 600_000)
    const cpuAfter = await cpu()
    const rows = await results(since)
    const last = Math.max(...rows.map((r) => Number(r.done)))
    const ok = rows.filter((r) => r.status === 5).length
    const seconds = (last - due) / 1000
    return {
      alarms: n, succeeded: ok, check: await lostOrDoubled(since), seconds: +seconds.toFixed(2), callsPerSecond: +(ok / seconds).toFixed(1),
      cpuMsPerCall: cpuPerCall(cpuBefore, cpuAfter, ok),
    }
  }

  const maxId = async () => (await q<{ id: number }>('select coalesce(max(id), 0)::int as id from alarm'))[0]!.id
  const report: Record<string, any> = {}

  // A. Throughput, one process
  if (THROUGHPUT_ALARMS > 0) {
    peakRss = 0
    roundTrips.reset()
    // This process is Tocsin's (with the benchmark's own few queries).
    const round = await throughputRound(THROUGHPUT_ALARMS, async () =>
      ({ tocsin: ownCpuSeconds(), postgres: postgres.seconds(), simulator: (await sim.stats()).cpuSeconds }))
    report.throughput = { ...round, peakRssTocsin: mb(peakRss), peakRssSimulator: mb((await sim.stats()).peakRss) }
    log('A. throughput', report.throughput)
    report.roundTrips = perCall(roundTrips.snapshot(), round.succeeded)
    log('   PostgreSQL round trips', JSON.stringify(report.roundTrips, null, 2))
    if (process.env.BENCH_TRACE_SQL) log('   statements by phase', JSON.stringify(roundTrips.trace(), null, 2))
  }

  async function latenessRound(label: string): Promise<Record<string, any>> {
    const since = await maxId()
    const n = RATE * SECONDS
    const start = Date.now() + 3000
    // Due times spread evenly: RATE per second for SECONDS seconds, at millisecond offsets.
    await insertAlarms(`to_timestamp(${start / 1000} + (g - 1)::float8 / ${RATE})`, n)
    await settle(since, n, SECONDS * 1000 + 120_000)
    const rows = await results(since)
    const late = rows.map((r) => Number(r.lateness)).filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
    // Where the latest lost their time: the job picked up late (`attempt`: the attempt recorded) or the dial slot
    // (`dialled`), and when in the round (`at`, seconds after its first due time).
    const worst = rows.filter((r) => r.lateness !== null).sort((a, b) => Number(b.lateness) - Number(a.lateness)).slice(0, 3)
      .map((r) => ({ at: +((Number(r.due) - start) / 1000).toFixed(2), attempt: +Number(r.attempt).toFixed(1), dialled: +Number(r.lateness).toFixed(1) }))
    const out = {
      alarms: n, ratePerSecond: RATE, succeeded: rows.filter((r) => r.status === 5).length,
      latenessMs: { p50: +percentile(late, 50).toFixed(1), p99: +percentile(late, 99).toFixed(1), max: +(late.at(-1) ?? NaN).toFixed(1), worst },
      peakRssTocsin: mb(peakRss), rssAfter: mb(process.memoryUsage().rss),
    }
    log(label, out)
    return out
  }

  /**
   * Before a lateness round: the tables the throughput round churned are vacuumed and analysed, and a checkpoint
   * flushes what was written, so that PostgreSQL catching up with that round does not land inside the next one's
   * measurements. Without it, a 2–3 s stall of the whole database about a minute after the cluster started (most
   * likely autovacuum's first pass over those tables) fell inside the lateness round in 2 runs of 9 on the development VM.
   */
  async function quiet(): Promise<void> {
    await q('vacuum analyze call, alarm, alarm_request, alarm_schedule, graphile_worker._private_jobs')
    await q('checkpoint').catch(() => {}) // needs superuser or pg_checkpoint, which a given BENCH_DATABASE_URL may lack
  }

  // B. Lateness, empty future
  if (RATE > 0 && SECONDS > 0) {
    await quiet()
    report.lateness = await latenessRound('B. dispatch lateness')
  }

  // S. Split deployment: `tocsin api` + two `tocsin worker` on the same PostgreSQL, the in-process layout stopped.
  if (SPLIT > 0 && SPLIT_ALARMS > 0) {
    await single.stop()
    const api = await startTocsinProcess('api', env)
    const workers = await Promise.all([startTocsinProcess('worker', env), startTocsinProcess('worker', env)])
    await sleep(500)
    const stats = () => Promise.all([api, ...workers].map(async (c) => { c.send({ type: 'stats' }); return c.next('stats') }))
    const round = await throughputRound(SPLIT_ALARMS, async () => {
      const [a, w1, w2] = await stats()
      return { api: a.cpuSeconds, workers: w1.cpuSeconds + w2.cpuSeconds, postgres: postgres.seconds(), simulator: (await sim.stats()).cpuSeconds }
    })
    const rss = (await stats()).map((s) => mb(s.peakRss))
    report.split = { layout: 'tocsin api + 2 × tocsin worker', ...round, peakRss: { api: rss[0], workers: rss.slice(1) } }
    log('S. split deployment', report.split)
    await Promise.all(workers.map((w) => w.stop()))
    await api.stop()
    single = await startSingle()
  }

  // C. The same as B with a million future alarms (and their plans) in the tables
  if (FUTURE > 0 && RATE > 0 && SECONDS > 0) {
    const t0 = Date.now()
    const batch = 100_000
    for (let done = 0; done < FUTURE; done += batch) {
      await insertAlarms(`now() + interval '2 days' + (g * interval '1 second')`, Math.min(batch, FUTURE - done), true)
    }
    await quiet()
    const [jobs] = await q<{ n: number }>(`select count(*)::int as n from graphile_worker._private_jobs`)
    const [planned] = await q<{ n: number }>(`select count(*)::int as n from alarm_schedule`)
    log(`   inserted ${FUTURE} future alarms in ${((Date.now() - t0) / 1000).toFixed(1)} s (alarm_schedule: ${planned!.n} rows, jobs table: ${jobs!.n} rows)`)
    report.latencyWithFuture = { futureAlarms: FUTURE, ...(await latenessRound('C. dispatch lateness with future alarms')) }
  }
  const tocsinPeakRss = peakRss

  clearInterval(sampler)
  await single.stop()
  await database_.close()
  await sim.stop()
  await db.stop()

  // D. TwiML webhook latency (bench/webhook-latency.ts, on its own database)
  if (process.env.BENCH_WEBHOOKS !== '0' && WEBHOOK_CALLS > 0) {
    report.webhookLatency = await benchWebhookLatency(WEBHOOK_CALLS, [{ clients: 1 }, { clients: 8 }, { clients: 8, perSecond: WEBHOOK_PACED }])
    log('D. TwiML webhook latency (ms), by concurrent clients (@ paced requests per second)', report.webhookLatency)
  }

  // E. The ceiling, in the same run
  if (CEILING_CALLS > 0) {
    report.ceiling = await measureCeiling(CEILING_CALLS)
    log('E. ceiling (no database, no IVR)', report.ceiling)
  }

  log('\nRESULT', JSON.stringify(report, null, 2))
  const callsPerSecond = report.throughput?.callsPerSecond ?? null
  const ceiling = report.ceiling?.callsPerSecond ?? null
  const summary = {
    calls_per_second: callsPerSecond,
    ceiling_calls_per_second: ceiling,
    ratio: callsPerSecond !== null && ceiling ? +(callsPerSecond / ceiling).toFixed(3) : null,
    round_trips_per_call: report.roundTrips?.roundTripsPerCall ?? null,
    lateness_p99_ms: report.lateness?.latenessMs.p99 ?? null,
    lateness_1m_future_p99_ms: report.latencyWithFuture?.latenessMs.p99 ?? null,
    future_alarms: report.latencyWithFuture?.futureAlarms ?? 0,
    webhook_p99_ms_1_client: report.webhookLatency?.[1]?.p99 ?? null,
    webhook_p99_ms_8_clients: report.webhookLatency?.[8]?.p99 ?? null,
    webhook_requests_per_second: report.webhookLatency?.[8]?.perSecond ?? null,
    [`webhook_p99_ms_8_clients_at_${WEBHOOK_PACED}_per_second`]: report.webhookLatency?.[`8@${WEBHOOK_PACED}/s`]?.p99 ?? null,
    peak_rss_mb: +(tocsinPeakRss / 1024 / 1024).toFixed(0),
    // Where the two cores went, per complete call: the ratio above is about the ceiling's CPU per call over this.
    cpu_ms_per_call: report.throughput?.cpuMsPerCall ?? null,
    ceiling_cpu_ms_per_call: report.ceiling?.cpuMsPerCall.total ?? null,
    split_calls_per_second: report.split?.callsPerSecond ?? null,
    lost: (report.throughput?.check.lost ?? 0) + (report.split?.check.lost ?? 0),
    doubled: (report.throughput?.check.doubled ?? 0) + (report.split?.check.doubled ?? 0),
    retried: (report.throughput?.check.retried ?? 0) + (report.split?.check.retried ?? 0),
    unanswered: (report.throughput?.check.unanswered ?? 0) + (report.split?.check.unanswered ?? 0),
  }
  console.log(JSON.stringify(summary))
}

main().then(() => process.exit(0), (err) => {
  console.error(err)
  process.exit(1)
})
