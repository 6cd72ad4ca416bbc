// PostgreSQL round trips, counted in the pg client (every statement a pooled connection sends is one round trip:
// COMMIT included, and BEGIN when it is sent on its own), per phase of a reminder call. The phase is carried by
// AsyncLocalStorage: a job runs in its task's phase, a webhook request in its path's (a status callback also by its
// CallStatus); what runs in no phase is graphile-worker's own job fetching and completing ("queue"), or timer-driven
// work that does not grow with the number of calls ("background": the worker runtime's waker and reaper, idle
// polling). The benchmark's own queries run in the "bench" phase and are left out of every figure.
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import type { TypedTaskList } from '../src/queue/tasks.js'

interface Phase { name: string }

export const BENCH_PHASE = 'bench'
const QUEUE = 'queue (graphile-worker fetch/complete)'
const BACKGROUND = 'background'

// The worker runtime's timers (src/jobs/worker-runtime.ts) and graphile-worker's LISTEN: per second, not per call.
const BACKGROUND_SQL = /worker_process|pg_try_advisory_lock|pg_advisory_unlock|now\(\) \+ \$1 \* interval|^\s*listen/i

export interface RoundTrips {
  /** runs `fn` (and everything it starts) in a phase */
  run<T>(phase: string, fn: () => T): T
  /** counts the statements of every connection the pool opens from now on */
  instrument(pool: pg.Pool): void
  /** labels the statements of each webhook request with its path */
  instrumentApp(app: FastifyInstance): void
  /** each task handler runs in its own phase ("job <name>") */
  wrapTasks(tasks: TypedTaskList): TypedTaskList
  reset(): void
  /** statements and occurrences (jobs run, requests served) per phase since the last reset */
  snapshot(): Record<string, { statements: number; occurrences: number }>
  /** the statements of one phase, by their first words, when BENCH_TRACE_SQL is set */
  trace(): Record<string, Record<string, number>>
}

export function createRoundTrips(): RoundTrips {
  const storage = new AsyncLocalStorage<Phase>()
  let statements = new Map<string, number>()
  let occurrences = new Map<string, number>()
  let traced = new Map<string, Map<string, number>>()
  const tracing = Boolean(process.env.BENCH_TRACE_SQL)
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)

  function count(text: string): void {
    const phase = storage.getStore()?.name ?? (BACKGROUND_SQL.test(text) ? BACKGROUND : QUEUE)
    bump(statements, phase)
    if (tracing) {
      const byText = traced.get(phase) ?? new Map<string, number>()
      traced.set(phase, byText)
      bump(byText, text.replace(/\s+/g, ' ').trim().slice(0, 110))
    }
  }

  function enter<T>(name: string, fn: () => T): T {
    if (name !== BENCH_PHASE) bump(occurrences, name)
    return storage.run({ name }, fn)
  }

  return {
    run: enter,
    instrument(pool) {
      // Ahead of src/db/client.ts's own wrapping, so that this counts what is sent: a BEGIN that rides with the next
      // statement (src/db/begin-with-first.ts) is no round trip of its own.
      pool.prependListener('connect', (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => unknown
        ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
          const first = args[0] as string | { text?: string } | undefined
          count(typeof first === 'string' ? first : first?.text ?? '')
          return query(...args)
        }
      })
      // A statement that waits for a free connection would otherwise be sent in the context of whoever freed it, and
      // be counted in that one's phase: the wait is bound to its caller's.
      const connect = pool.connect.bind(pool) as (callback?: (...args: unknown[]) => void) => unknown
      ;(pool as unknown as { connect: typeof connect }).connect = (callback) => connect(callback && AsyncResource.bind(callback))
    },
    instrumentApp(app) {
      app.addHook('preHandler', (request, _reply, done) => {
        const path = request.url.split('?')[0]!
        const status = path.endsWith('/status') ? ` ${(request.body as { CallStatus?: string } | undefined)?.CallStatus ?? ''}` : ''
        enter(`webhook ${path}${status}`, done)
      })
    },
    wrapTasks(tasks) {
      const wrapped: Record<string, unknown> = {}
      for (const [name, task] of Object.entries(tasks) as [string, (payload: unknown, helpers: unknown) => Promise<void>][]) {
        wrapped[name] = (payload: unknown, helpers: unknown) => enter(`job ${name}`, () => task(payload, helpers))
      }
      return wrapped as TypedTaskList
    },
    reset() {
      statements = new Map()
      occurrences = new Map()
      traced = new Map()
    },
    snapshot() {
      const out: Record<string, { statements: number; occurrences: number }> = {}
      for (const [phase, n] of [...statements].sort((a, b) => b[1] - a[1])) {
        if (phase !== BENCH_PHASE) out[phase] = { statements: n, occurrences: occurrences.get(phase) ?? 0 }
      }
      return out
    },
    trace() {
      const out: Record<string, Record<string, number>> = {}
      for (const [phase, byText] of traced) if (phase !== BENCH_PHASE) out[phase] = Object.fromEntries([...byText].sort((a, b) => b[1] - a[1]))
      return out
    },
  }
}

/**
 * Round trips per complete call: everything but the background and the benchmark's own, over the calls completed;
 * and per phase, per call and per occurrence (a webhook answered, a job run).
 */
export function perCall(snapshot: ReturnType<RoundTrips['snapshot']>, calls: number) {
  let total = 0
  const phases: Record<string, { perCall: number; perOccurrence: number | null }> = {}
  for (const [phase, { statements, occurrences }] of Object.entries(snapshot)) {
    if (phase !== BACKGROUND) total += statements
    phases[phase] = {
      perCall: +(statements / calls).toFixed(2),
      perOccurrence: occurrences > 0 ? +(statements / occurrences).toFixed(2) : null,
    }
  }
  return { roundTripsPerCall: +(total / calls).toFixed(2), phases }
}
