import { sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import type { TaskName, TaskPayloads } from './tasks.js'

export interface JobOptions {
  runAt?: Date
  /** Same key = same job: re-adding replaces it (reschedule), see removeJob to cancel. */
  jobKey?: string
  /** 'replace' (default) or 'preserve_run_at' (keep the earlier schedule) */
  jobKeyMode?: 'replace' | 'preserve_run_at'
  maxAttempts?: number
  queueName?: string
  priority?: number
}

/**
 * Queues a job in the caller's transaction: it exists exactly when the transaction commits, so a
 * row and the job that acts on it are never half-written.
 */
export async function addJob<N extends TaskName>(
  tx: Tx, name: N, payload: TaskPayloads[N], options: JobOptions = {},
): Promise<void> {
  await tx.execute(sql`select graphile_worker.add_job(
    identifier => ${name}::text,
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${options.queueName ?? null}::text,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? 25}::int,
    job_key => ${options.jobKey ?? null}::text,
    priority => ${options.priority ?? 0}::int,
    job_key_mode => ${options.jobKeyMode ?? 'replace'}::text
  )`)
}

/** Cancels a keyed job that has not started yet. */
export async function removeJob(tx: Tx, jobKey: string): Promise<void> {
  await tx.execute(sql`select graphile_worker.remove_job(${jobKey}::text)`)
}
