// What each worker process adds around graphile-worker 0.17.3 (behaviour read in node_modules/graphile-worker/dist):
//
// 1. Precise wake-ups. Workers find future-dated jobs only by polling (`pollInterval`): NOTIFY "jobs:insert" fires
//    when a job is inserted, not when its run_at arrives. So every WAKE_POLL_MS the waker reads the jobs due within
//    WAKE_HORIZON_MS (an index range scan of jobs_main_index: cheap with a million future jobs), sleeps until each
//    run_at (measured on the database clock, which get_job compares against) and calls `workerPool.nudge(n)` — what
//    graphile-worker itself does on NOTIFY — so an idle worker fetches the job within milliseconds of run_at.
// 2. Crash recovery in seconds. A job running in a process killed with SIGKILL stays locked for 4 hours
//    (graphile-worker's locked_at expiry). Each process registers its pool id in worker_process and holds a session
//    advisory lock on that row for its whole life; every REAP_INTERVAL_MS a process tries that lock for every other
//    row, and a lock it can take belongs to a dead process, whose jobs it unlocks (force_unlock_workers) at once.
//    graphile-worker reaches the database through `pool` (a gate in front of the real pool): from the moment its worker
//    pool exists (`pool:create`, emitted before it fetches anything) until the registration is in place, its
//    connections wait, so no job is ever locked by an unregistered process — not even the batch of jobs its local
//    queue fetches at once (worker.ts).
import { EventEmitter } from 'node:events'
import { hostname } from 'node:os'
import type { WorkerEvents, WorkerPool } from 'graphile-worker'
import type pg from 'pg'
import type { Logger } from 'pino'

const LIVENESS_LOCK = 7_460_012
const WAKE_POLL_MS = 200
const WAKE_HORIZON_MS = 1_500
const REAP_INTERVAL_MS = 5_000
const BUCKET_MS = 2

// Jobs due soon, grouped by the millisecond they are due, measured from the database's now().
const DUE_SOON = `
  select ms, count(*)::int as n from (
    select ceil(extract(epoch from (run_at - now())) * 1000)::int as ms
      from graphile_worker._private_jobs
     where is_available = true and priority = 0 and run_at > now() and run_at <= now() + $1 * interval '1 millisecond'
     order by priority, run_at
     limit 2000
  ) due group by ms order by ms`

export interface WorkerRuntime {
  events: WorkerEvents
  /** The pool graphile-worker must use: the real one, behind the registration gate. */
  pool: pg.Pool
  /** Stops waking and reaping (before the runner stops). */
  quiesce(): void
  /** Leaves the registry (after the runner stopped). */
  close(): Promise<void>
}

export function createWorkerRuntime({ pool, logger }: { pool: pg.Pool; logger: Logger }): WorkerRuntime {
  const log = logger.child({ component: 'worker-runtime' })
  const events = new EventEmitter() as WorkerEvents
  let workerPool: WorkerPool | null = null
  let registration: Promise<void> | null = null
  // Open until the worker pool exists (graphile-worker migrates its schema before), then until registered.
  let gate: Promise<void> = Promise.resolve()
  let stopped = false
  let client: pg.PoolClient | null = null
  let rowId: number | null = null
  const wakeAt = new Map<number, { timer: NodeJS.Timeout; count: number }>()
  let pollTimer: NodeJS.Timeout | null = null
  let reapTimer: NodeJS.Timeout | null = null

  async function register(poolId: string): Promise<void> {
    const c = await pool.connect()
    c.on('error', (err) => log.error({ err }, 'liveness connection lost; this process may be taken for dead'))
    try {
      await c.query('begin')
      const { rows } = await c.query<{ id: number }>(
        'insert into worker_process (pool_id, hostname, pid) values ($1, $2, $3) returning id', [poolId, hostname(), process.pid])
      await c.query('select pg_advisory_lock($1::int, $2::int)', [LIVENESS_LOCK, rows[0]!.id])
      await c.query('commit')
      client = c
      rowId = rows[0]!.id
    } catch (err) {
      await c.query('rollback').catch(() => {})
      c.release()
      throw err
    }
  }

  async function reap(): Promise<void> {
    const { rows } = await pool.query<{ id: number; pool_id: string }>('select id, pool_id from worker_process where id <> $1', [rowId ?? 0])
    for (const row of rows) {
      const c = await pool.connect()
      try {
        await c.query('begin')
        const { rows: [got] } = await c.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1::int, $2::int) as ok', [LIVENESS_LOCK, row.id])
        if (got?.ok) {
          await c.query('select graphile_worker.force_unlock_workers($1::text[])', [[row.pool_id]])
          await c.query('delete from worker_process where id = $1', [row.id])
          log.warn({ poolId: row.pool_id }, 'a worker process died: its jobs are unlocked for the others')
        }
        await c.query('commit')
      } catch (err) {
        await c.query('rollback').catch(() => {})
        throw err
      } finally {
        c.release()
      }
    }
  }

  function fire(bucket: number): void {
    const entry = wakeAt.get(bucket)
    wakeAt.delete(bucket)
    const p = workerPool
    if (!entry || !p || stopped || !p._active || p._shuttingDown) return
    try {
      p.nudge(entry.count)
    } catch (err) {
      log.debug({ err }, 'nudge failed')
    }
  }

  async function poll(): Promise<void> {
    const { rows } = await pool.query<{ ms: number; n: number }>(DUE_SOON, [WAKE_HORIZON_MS])
    const now = Date.now()
    for (const { ms, n } of rows) {
      // +1 ms: get_job compares run_at <= now() at its own start, which must not come before run_at.
      const bucket = Math.ceil((now + ms + 1) / BUCKET_MS) * BUCKET_MS
      const entry = wakeAt.get(bucket)
      if (entry) entry.count = Math.max(entry.count, n)
      else wakeAt.set(bucket, { timer: setTimeout(() => fire(bucket), Math.max(0, bucket - Date.now())), count: n })
    }
  }

  function loop(name: string, every: number, task: () => Promise<void>, set: (t: NodeJS.Timeout) => void): void {
    const run = () => {
      if (stopped) return
      task().catch((err) => log.warn({ err }, `${name} failed`)).finally(() => {
        if (!stopped) set(setTimeout(run, every))
      })
    }
    run()
  }

  events.on('pool:create', ({ workerPool: created }) => {
    workerPool = created
    registration = register(created.id).then(
      () => loop('reaping dead workers', REAP_INTERVAL_MS, reap, (t) => { reapTimer = t }),
      (err) => log.error({ err }, 'could not register this worker process; its jobs would stay locked for 4 h after a crash'),
    )
    gate = registration
    loop('waking workers', WAKE_POLL_MS, poll, (t) => { pollTimer = t })
  })

  const gated = new Proxy(pool, {
    get(target, property) {
      if (property === 'connect') {
        return (callback?: Parameters<pg.Pool['connect']>[0]) => {
          if (!callback) return gate.then(() => target.connect())
          void gate.then(() => target.connect(callback))
        }
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })

  return {
    events,
    pool: gated,
    quiesce() {
      stopped = true
      if (pollTimer) clearTimeout(pollTimer)
      if (reapTimer) clearTimeout(reapTimer)
      for (const { timer } of wakeAt.values()) clearTimeout(timer)
      wakeAt.clear()
    },
    async close() {
      await registration?.catch(() => {})
      const c = client
      client = null
      if (!c) return
      try {
        await c.query('delete from worker_process where id = $1', [rowId])
        await c.query('select pg_advisory_unlock($1::int, $2::int)', [LIVENESS_LOCK, rowId])
      } catch (err) {
        log.warn({ err }, 'could not leave the worker registry')
      } finally {
        c.release()
      }
    },
  }
}
