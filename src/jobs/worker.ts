import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker'
import type { Logger } from 'pino'
import type { Database } from '../db/client.js'
import { sweepAtStart } from '../alarms/sweep.js'
import { toTaskList, type TypedTaskList } from '../queue/tasks.js'
import { createWorkerRuntime } from './worker-runtime.js'

/** graphile-worker logs through pino, with the job's scope as fields. */
function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => {
    const child = logger.child({ component: 'worker', ...scope })
    return (level, message, meta) => {
      const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug'
      child[method](meta ?? {}, message)
    }
  })
}

export async function startWorker(options: {
  database: Database
  logger: Logger
  concurrency: number
  tasks: TypedTaskList
  pollInterval?: number
}): Promise<Runner> {
  // Wakes workers at the exact run_at of future jobs, and frees the jobs of dead processes (worker-runtime.ts).
  const runtime = createWorkerRuntime({ pool: options.database.pool, logger: options.logger })
  const runner = await run({
    pgPool: runtime.pool,
    concurrency: options.concurrency,
    // Jobs are fetched in batches, a round trip for many instead of one each, and handed to the workers as they
    // free up; jobs due at once (a clinic's morning reminders) are the common case. A process holds at most this many
    // jobs it has not started; they go back to the queue when it stops, or to the others when it dies (the reaper).
    // Completions are not batched (`completeJobBatchDelay`): a finished job would stay in the table, locked, for the
    // delay, and whatever reads the queue — a notification's job said to be gone once it was sent — would still see it.
    preset: { worker: { localQueue: { size: options.concurrency } } },
    // Our own shutdown sequence stops the runner; graphile-worker must not exit the process itself.
    noHandleSignals: true,
    pollInterval: options.pollInterval ?? 1000,
    logger: workerLogger(options.logger),
    taskList: toTaskList(options.tasks),
    crontab: '', // recurring work is scheduled as keyed jobs, not cron
    events: runtime.events,
  })
  // The scheduler's safety net (alarms/sweep.ts) runs at start when alarms are open, e.g. after downtime.
  if (options.tasks['scheduler-sweep']) await sweepAtStart(options.database.db)
  const stop = runner.stop.bind(runner)
  runner.stop = async (reason?: string) => {
    runtime.quiesce()
    try {
      await stop(reason)
    } finally {
      await runtime.close()
    }
  }
  return runner
}
