import { sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { jobKeyFor, jobKeyOf, jobKeyPrefix, TASKS, type TaskName, type TaskPayload } from './tasks.js'

export interface JobOptions {
  /** a Date, or (in addJobCall) an SQL expression of the statement it is part of */
  runAt?: Date | SQL
  /**
   * When a job with the same key is waiting: 'replace' (default) moves it to this run_at and payload;
   * 'preserve_run_at' keeps its earlier schedule.
   */
  jobKeyMode?: 'replace' | 'preserve_run_at'
  queueName?: string
  priority?: number
}

/**
 * Queues a job in the caller's transaction: it exists exactly when the transaction commits, so a row and the job
 * that acts on it are never half-written. Its key and retry policy come from the task's spec (tasks.ts).
 */
export async function addJob<N extends TaskName>(
  tx: Tx, name: N, payload: TaskPayload<N>, options: JobOptions = {},
): Promise<void> {
  await tx.execute(sql`select ${addJobCall(name, payload, options)}`)
}

/**
 * The `graphile_worker.add_job(...)` call addJob makes, as an SQL expression: for a statement that queues a job along
 * with its own work (one round trip instead of two; still in the caller's transaction).
 */
export function addJobCall<N extends TaskName>(name: N, payload: TaskPayload<N>, options: JobOptions = {}): SQL {
  return jobCall(name, JSON.stringify(payload), jobKeyOf(name, payload), options)
}

/**
 * addJobCall in a statement built once (built-once.ts): the payload (as JSON text) and the job key are placeholders,
 * given their values by jobValues with each run — or expressions of the statement itself.
 */
export function addJobCallBuilt(name: TaskName, placeholders: { payload: Placeholder | SQL; key: Placeholder | SQL }, options: JobOptions = {}): SQL {
  return jobCall(name, placeholders.payload, placeholders.key, options)
}

/** The values of addJobCallBuilt's placeholders for one job. */
export const jobValues = <N extends TaskName>(name: N, payload: TaskPayload<N>) => ({ payload: JSON.stringify(payload), key: jobKeyOf(name, payload) })

function jobCall(name: TaskName, payload: string | Placeholder | SQL, key: string | null | Placeholder | SQL, options: JobOptions): SQL {
  const runAt = options.runAt instanceof Date ? options.runAt.toISOString() : options.runAt === undefined ? null : sql`(${options.runAt})`
  return sql`graphile_worker.add_job(
    identifier => ${name}::text,
    payload => ${payload}::json,
    queue_name => ${options.queueName ?? null}::text,
    run_at => ${runAt}::timestamptz,
    max_attempts => ${TASKS[name].maxAttempts}::int,
    job_key => ${key}::text,
    priority => ${options.priority ?? 0}::int,
    job_key_mode => ${options.jobKeyMode ?? 'replace'}::text
  )`
}

/** jobKeyFor in SQL: the key of a task's job for the row whose id is `id`, an expression of the statement. */
export const jobKeySql = (name: TaskName, id: SQLWrapper | Placeholder): SQL => sql`${jobKeyPrefix(name)}::text || ${id}`

/** Cancels the waiting job a task has for one row (a job that already started runs on). */
export async function removeJob(tx: Tx, name: TaskName, id: number | string): Promise<void> {
  await tx.execute(sql`select ${removeJobCall(name, id)}`)
}

/** removeJob's call as an SQL expression, for a statement that does more. */
export function removeJobCall(name: TaskName, id: number | string | Placeholder): SQL {
  // A placeholder (a statement built once: built-once.ts) is keyed in SQL, as jobKeyFor does.
  return typeof id === 'object'
    ? sql`graphile_worker.remove_job(${jobKeySql(name, sql`${id}::text`)})`
    : sql`graphile_worker.remove_job(${jobKeyFor(name, id)}::text)`
}
