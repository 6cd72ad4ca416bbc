import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import type { Metrics } from '../kit/metrics.js'
import { OPEN_CALL } from '../codes/call-status.js'
import { sqlCodes } from '../codes/codes.js'

/** The scheduler's Prometheus metrics, created once per process (createDeps) and shared by every job. */
export function createSchedulerMetrics(metrics: Metrics, db: Db) {
  const callsInProgress = metrics.gauge('tocsin_calls_in_progress', 'Calls dialled and not yet ended, over all worker processes')
  // Read from the database at scrape time: calls end in whichever process receives their callback.
  Object.assign(callsInProgress, {
    async collect(this: typeof callsInProgress) {
      try {
        const result = await db.execute(sql`select count(*)::int as n from call where dialed_at is not null and callstatus in (${sqlCodes(...OPEN_CALL)})`)
        this.set(Number((result.rows[0] as { n: number } | undefined)?.n ?? 0))
      } catch {
        // The database is unreachable: /metrics still answers, with the last value.
      }
    },
  })
  return {
    due: metrics.counter('tocsin_alarms_due_total', 'Alarm attempts whose due time arrived', ['method']),
    dispatched: metrics.counter('tocsin_alarms_dispatched_total', 'Alarm attempts started: a call dialled or queued, an SMS or e-mail queued', ['method']),
    lateness: metrics.histogram(
      'tocsin_alarm_dispatch_lateness_seconds',
      'From an attempt\'s due time to the start of dialling (calls) or queueing (SMS, e-mail)',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      ['method'],
    ),
    attempts: metrics.counter('tocsin_alarm_attempts_total', 'Finished alarm attempts by outcome (success, retry, failure)', ['method', 'outcome']),
    expired: metrics.counter('tocsin_alarms_expired_total', 'Alarms expired instead of dispatched late', ['method']),
    deferred: metrics.counter('tocsin_dial_deferred_total', 'Dials put back because a concurrency or calls-per-second limit was reached', ['limit']),
    callsInProgress,
    webhooks: metrics.counter('tocsin_alarm_webhooks_total', 'url_confirm / url_cancel deliveries by outcome', ['outcome']),
  }
}

export type SchedulerMetrics = ReturnType<typeof createSchedulerMetrics>
