/**
 * TwiML webhook latency: how long Tocsin takes to answer a signed voice and gather callback
 * (signature check, row lock, IVR step, TwiML), measured over real HTTP on loopback from a client process
 * (bench/webhook-client.ts), as a carrier's callbacks come from elsewhere.
 * Target (docs/scaling.md): p99 ≤ 10 ms with 8 concurrent clients at ≥ 500 requests/s — measured both as fast as
 * Tocsin answers (its capacity, and the latency at saturation) and paced at 500/s. Each round gets its own calls, on
 * one database, and starts with WARMUP calls that are not counted.
 */
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { buildApp, createDeps } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createDatabase } from '../src/db/client.js'
import { freePort, startEmbeddedPostgres } from '../src/db/embedded.js'
import { migrateDatabase } from '../src/db/migrate.js'
import { seedDatabase } from '../src/seed.js'
import { decryptSecret } from '../src/kit/secrets.js'
import type { ClientJob } from './webhook-client.js'

/** One round of signed callbacks from a client process (bench/webhook-client.ts): every latency, and the wall time. */
function runClients(job: ClientJob): Promise<{ latencies: number[]; seconds: number }> {
  const child = fork(fileURLToPath(new URL('./webhook-client.js', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type: string; message?: string; latencies: number[]; seconds: number }) =>
      m.type === 'done' ? resolve(m) : reject(new Error(`webhook client: ${m.message}`)))
    child.once('exit', (code) => code !== 0 && reject(new Error(`webhook client exited with ${code}`)))
    child.send(job)
  })
}

/** Calls each round starts with, uncounted (bench/webhook-client.ts). */
const WARMUP = 50

export interface LatencyReport { requests: number; p50: number; p99: number; max: number; perSecond: number }

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!

/** A round of the benchmark: `clients` concurrent clients, as fast as answered or paced at `perSecond` in all. */
export interface Load { clients: number; perSecond?: number }
export const loadName = ({ clients, perSecond }: Load) => (perSecond ? `${clients}@${perSecond}/s` : String(clients))

export async function benchWebhookLatency(calls = 2000, loads: Load[] = [{ clients: 1 }, { clients: 8 }]): Promise<Record<string, LatencyReport>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tocsin-bench-'))
  chmodSync(dataDir, 0o755)
  const logger = pino({ level: 'warn' })
  const pg = await startEmbeddedPostgres(dataDir, logger)
  const port = await freePort()
  const publicUrl = `http://127.0.0.1:${port}`
  const config = loadConfig({ DATABASE_URL: pg.url, SECRET_KEY: 'bench-secret-key-0123456789', PORT: String(port), PUBLIC_URL: publicUrl, LOG_LEVEL: 'warn' })
  const database = createDatabase(pg.url, 20)
  try {
    await migrateDatabase(database)
    await seedDatabase(database, config, logger)
    const app = await buildApp(createDeps({ config, database, logger }))
    await app.listen({ port, host: '127.0.0.1' })
    const { rows: [gw] } = await database.pool.query('select account_sid, auth_token_encrypted from gateway where id = 1')
    const token = decryptSecret(config.secretKey, gw.auth_token_encrypted)
    const { rows } = await database.pool.query(
      `insert into call (organization_id, user_id, gateway_id, sealed_survey_id, from_number, to_number, status, callstatus, context, provider_sid)
       select 1, 2, 1, 1, '+15005550006', '+1555' || lpad(i::text, 7, '0'), 'in-progress', 3,
              '{"data": {"first_name": "Ada", "clinic": "Mitte", "doctor": "Dr. Who", "appointment_date": "Monday", "appointment_time": "10:30"}}',
              'CA' || md5(i::text)
       from generate_series(1, $1::int) i returning id, provider_sid`, [(WARMUP + calls) * loads.length])

    const reports: Record<string, LatencyReport> = {}
    for (const [round, load] of loads.entries()) {
      const { latencies, seconds } = await runClients({
        publicUrl, token, accountSid: gw.account_sid, concurrency: load.clients, perSecond: load.perSecond,
        calls: rows.slice(round * (WARMUP + calls), (round + 1) * (WARMUP + calls)), warmup: WARMUP,
      })
      latencies.sort((a, b) => a - b)
      reports[loadName(load)] = {
        requests: latencies.length, p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2),
        max: +latencies.at(-1)!.toFixed(2), perSecond: +(latencies.length / seconds).toFixed(0),
      }
    }
    await app.close()
    return reports
  } finally {
    await database.close()
    await pg.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // node dist/bench/webhook-latency.js [calls] [loads: 1,8,8@500 — clients, @ paced requests per second]
  const loads = (process.argv[3] ?? '1,8,8@500').split(',').map((text) => {
    const [clients, perSecond] = text.split('@').map(Number)
    return { clients: clients!, ...(perSecond && { perSecond }) }
  })
  const reports = await benchWebhookLatency(Number(process.argv[2] ?? 2000), loads)
  for (const [load, r] of Object.entries(reports)) {
    console.log(`TwiML webhooks, ${load} client(s): ${r.requests} requests, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, ${r.perSecond}/s`)
  }
}
