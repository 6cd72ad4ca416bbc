// The `scheduler-sweep` job (key `scheduler-sweep`, every minute while there are open alarms): a safety net under
// the keyed jobs. It re-plans alarms that are due and pending or retrying but have no job (rows written outside the API, a job
// that failed for good), and re-queues the settling of attempts whose call or message ended without the settling job.
// Bounded per run; the next run continues.
import { inArray, sql } from 'drizzle-orm'
import { alarm, ALARM_STATUS } from '../../db/schema/index.js'
import type { Db, Tx } from '../../db/client.js'
import type { AppDeps } from '../../deps.js'
import { addJob } from '../../jobs/queue.js'
import { plannedDue, queueAttempt, SWEEP_INTERVAL_MS, SWEEP_KEY } from './plan.js'

const BATCH = 500

export function createSchedulerSweep(deps: AppDeps) {
  const { db, logger } = deps
  return async function schedulerSweep(): Promise<void> {
    const now = new Date()
    await db.transaction(async (tx) => {
      // Pending or retrying, live, not held, possibly due (due ≥ date_start_notice − advance_notice), and jobless.
      const orphans = await tx.execute(sql`
        select a.id from alarm a join event e on e.id = a.event_id
         where a.status in (1, 4) and a.deleted_at is null and e.deleted_at is null and e.status <> 3
           and a.date_start_notice - a.advance_notice * interval '1 second' <= now()
           and not exists (select 1 from graphile_worker._private_jobs j where j.key = 'alarm:' || a.id)
         limit ${BATCH}`)
      const ids = (orphans.rows as { id: number }[]).map((r) => r.id)
      if (ids.length > 0) {
        const rows = await tx.select().from(alarm).where(inArray(alarm.id, ids)).for('update', { skipLocked: true })
        for (const a of rows) await queueAttempt(tx, a.id, a.status === ALARM_STATUS.pending ? plannedDue(a, now) : now)
        logger.warn({ alarmIds: rows.map((a) => a.id) }, 'alarms without a job re-planned')
      }
      // Attempts still open a minute after their call ended: the call-finished job went missing.
      const unsettled = await tx.execute(sql`
        select c.id from alarm_request r join call c on c.id = r.call_id
         where r.status = 2 and c.callstatus >= 4 and c.ended_at < now() - interval '1 minute'
           and not exists (select 1 from graphile_worker._private_jobs j where j.key = 'call-finished:' || c.id)
         limit ${BATCH}`)
      for (const { id } of unsettled.rows as { id: number }[]) {
        await addJob(tx, 'call-finished', { callId: id }, { jobKey: `call-finished:${id}` })
      }
      if (await hasOpenWork(tx)) {
        await addJob(tx, 'scheduler-sweep', {}, { jobKey: SWEEP_KEY, runAt: new Date(now.getTime() + SWEEP_INTERVAL_MS) })
      }
    })
  }
}

/** Alarms not yet settled: while there are some, the sweep keeps watching (an idle queue stays empty). */
async function hasOpenWork(tx: Tx): Promise<boolean> {
  const result = await tx.execute(sql`select exists (select 1 from alarm where status in (1, 2, 4) and deleted_at is null) as open`)
  return (result.rows[0] as { open: boolean } | undefined)?.open === true
}

/** At worker start: sweep now if anything is open (e.g. after downtime, when jobs may have been lost). */
export async function sweepAtStart(db: Db): Promise<void> {
  if (await hasOpenWork(db)) await addJob(db, 'scheduler-sweep', {}, { jobKey: SWEEP_KEY })
}
