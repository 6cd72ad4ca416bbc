// The `scheduler-sweep` job (key `scheduler-sweep`, every minute while there are open alarms): a safety net under
// the planned attempts. It walks the open alarms by id, BATCH per run (the cursor travels in the payload, so a million
// alarms cost a bounded index scan per run), and re-plans those due but with neither a live job nor a schedule row
// (rows written outside the API, a job that failed for good).
import { inArray, sql } from 'drizzle-orm'
import { alarm, EVENT_STATUS } from '../db/schema/index.js'
import { ALARM_STATUS, AWAITING_ATTEMPT, OPEN_ALARM } from '../codes/alarm-status.js'
import { sqlCodes } from '../codes/codes.js'
import type { Db, Tx } from '../db/client.js'
import type { AppDeps } from '../deps.js'
import { addJob, jobKeySql } from '../queue/queue.js'
import { plannedDue, queueAttempt, SWEEP_INTERVAL_MS } from './plan/plan.js'

const BATCH = 5_000
/** A full batch means more to walk: the next run comes sooner. */
const BUSY_INTERVAL_MS = 5_000

export function createSchedulerSweep(deps: AppDeps) {
  const { db, logger } = deps
  return async function schedulerSweep({ afterId = 0 }: { afterId?: number }): Promise<void> {
    const now = new Date()
    await db.transaction(async (tx) => {
      const walked = await tx.execute(sql`
        with batch as (
          select a.id, a.event_id, a.date_start_notice, a.advance_notice from alarm a
           where a.id > ${afterId} and a.status in (${sqlCodes(...AWAITING_ATTEMPT)}) and a.deleted_at is null
           order by a.id limit ${BATCH})
        select (select max(id) from batch) as last, (select count(*) from batch)::int as n,
               coalesce((select array_agg(b.id) from batch b join event e on e.id = b.event_id
                  where e.deleted_at is null and e.status <> ${sqlCodes(EVENT_STATUS.paused)}
                    and b.date_start_notice - b.advance_notice * interval '1 second' <= now()
                    and not exists (select 1 from graphile_worker._private_jobs j where j.key = ${jobKeySql('alarm-due', sql`b.id`)} and j.attempts < j.max_attempts)
                    and not exists (select 1 from alarm_schedule s where s.alarm_id = b.id)), '{}') as orphans`)
      const row = walked.rows[0] as { last: number | null; n: number; orphans: number[] }
      if (row.orphans.length > 0) {
        const rows = await tx.select().from(alarm).where(inArray(alarm.id, row.orphans)).for('update', { skipLocked: true })
        for (const a of rows) await queueAttempt(tx, a.id, a.status === ALARM_STATUS.pending ? plannedDue(a, now) : now)
        logger.warn({ alarmIds: rows.map((a) => a.id) }, 'alarms without a planned attempt re-planned')
      }
      const full = row.n >= BATCH
      if (full || (await hasOpenWork(tx))) {
        await addJob(tx, 'scheduler-sweep', { afterId: full ? Number(row.last) : 0 }, { runAt: new Date(now.getTime() + (full ? BUSY_INTERVAL_MS : SWEEP_INTERVAL_MS)) })
      }
    })
  }
}

/** Alarms not yet settled: while there are some, the sweep keeps watching (an idle queue stays empty). */
async function hasOpenWork(tx: Tx): Promise<boolean> {
  const result = await tx.execute(sql`select exists (select 1 from alarm where status in (${sqlCodes(...OPEN_ALARM)}) and deleted_at is null) as open`)
  return (result.rows[0] as { open: boolean } | undefined)?.open === true
}

/** At worker start (e.g. after downtime): plan what the schedules hold, and sweep now if anything is open. */
export async function sweepAtStart(db: Db): Promise<void> {
  const open = await hasOpenWork(db)
  const planned = await db.execute(sql`select exists (select 1 from chain_schedule) as planned`)
  if (open || (planned.rows[0] as { planned: boolean } | undefined)?.planned === true) {
    await addJob(db, 'plan-alarms', {})
  }
  if (open) await addJob(db, 'scheduler-sweep', {})
}
