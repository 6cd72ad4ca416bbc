// The `plan-alarms` job (key `plan-alarms`): moves the alarm_schedule and chain_schedule rows that have come within
// the horizon into keyed `alarm-due` and `extend-chain` jobs, in batches, in one transaction per batch (a row leaves
// the schedule exactly when its job exists). It runs every PLANNER_INTERVAL_MS while the schedules have rows, and at
// worker start.
import { sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import type { AppDeps } from '../../deps.js'
import { addJob } from '../../queue/queue.js'
import { ALARM_JOB_ATTEMPTS, HORIZON_MS, PLANNER_INTERVAL_MS, PLANNER_KEY } from './plan.js'

const BATCH = 5_000

export function createPlanAlarms(deps: AppDeps) {
  return async function planAlarmsJob(): Promise<void> {
    const moved = await deps.db.transaction((tx) => planAlarms(tx, new Date()))
    if (moved > 0) deps.logger.debug({ moved }, 'alarms moved into the job queue')
  }
}

// What each schedule holds, and the keyed job each of its rows becomes (a graphile_worker.job_spec).
const SCHEDULES = [
  {
    table: sql`alarm_schedule`, id: sql`alarm_id`,
    job: sql`row('alarm-due', json_build_object('alarmId', alarm_id, 'due', to_json(due_at) #>> '{}'), null, due_at,
                 ${ALARM_JOB_ATTEMPTS}, 'alarm:' || alarm_id, 0, null)`,
  },
  {
    table: sql`chain_schedule`, id: sql`root_id`,
    job: sql`row('extend-chain', json_build_object('rootId', root_id), null, due_at, ${ALARM_JOB_ATTEMPTS}, 'chain:' || root_id, 0, null)`,
  },
]

/** One planner run at `now`; returns how many attempts and chain runs became jobs. */
export async function planAlarms(tx: Tx, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + HORIZON_MS).toISOString()
  let moved = 0
  let full = false
  for (const { table, id, job } of SCHEDULES) {
    const result = await tx.execute(sql`
      with due as (
        select ${id} from ${table} where due_at <= ${horizon}::timestamptz order by due_at limit ${BATCH} for update skip locked
      ), moved as (
        delete from ${table} s using due where s.${id} = due.${id} returning s.${id}, s.due_at
      )
      select count(*)::int as n from graphile_worker.add_jobs(array(select ${job}::graphile_worker.job_spec from moved))`)
    const n = Number((result.rows[0] as { n: number } | undefined)?.n ?? 0)
    moved += n
    full ||= n >= BATCH
  }
  const next = await tx.execute(sql`select least((select min(due_at) from alarm_schedule), (select min(due_at) from chain_schedule)) as next`)
  const nextDue = (next.rows[0] as { next: string | Date | null } | undefined)?.next
  if (full) {
    await addJob(tx, 'plan-alarms', {}, { jobKey: PLANNER_KEY })
  } else if (nextDue) {
    const at = Math.max(now.getTime() + 1000, Math.min(now.getTime() + PLANNER_INTERVAL_MS, new Date(nextDue).getTime() - HORIZON_MS))
    await addJob(tx, 'plan-alarms', {}, { jobKey: PLANNER_KEY, runAt: new Date(at) })
  }
  return moved
}
