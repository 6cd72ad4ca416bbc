// The plan of every alarm and recurring chain. Every alarm has at most one planned attempt: within the HORIZON it is
// its keyed `alarm-due` job whose run_at is the due time (the job key replaces an unlocked job in place, so editing an
// alarm or its event moves it and nothing is queued twice); further ahead it is a row in alarm_schedule, which the
// `plan-alarms` job (planAlarms below) turns into that job once it comes within the horizon. (graphile-worker's job
// lookup scans every future job when nothing is due: a million future jobs would cost ~50 ms per idle poll, so they
// wait in alarm_schedule.) A chain's next run is planned the same way (chain_schedule, `extend-chain`). Pausing,
// deleting or cancelling removes the plan (replan.ts). Everything here runs inside the caller's transaction: the
// plan exists exactly when the write commits.
import { eq, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { alarmSchedule, chainSchedule, type Alarm } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { addJob, jobKeySql, removeJob } from '../../queue/queue.js'
import { TASKS } from '../../queue/tasks.js'
import { dueTime } from '../due-time.js'

/** Attempts due within this are graphile-worker jobs; later ones wait in alarm_schedule. */
export const HORIZON_MS = 10 * 60_000
/** How often the planner moves attempts into the queue while there are some: well inside the horizon. */
export const PLANNER_INTERVAL_MS = 60_000
/** Schedule rows moved into jobs per planner transaction. */
const PLANNER_BATCH = 5_000

/** The due time of a pending alarm; a row the calendar API could not have written (bad zone or time) is due now. */
export function plannedDue(a: Pick<Alarm, 'dateStartNotice' | 'advanceNotice' | 'dailyStart' | 'dailyStop' | 'timezone'>, now = new Date()): Date {
  try {
    return dueTime(a)
  } catch {
    return now
  }
}

export const SWEEP_INTERVAL_MS = 60_000

/** Makes sure the safety-net sweep (../sweep.ts) runs within a minute, keeping an earlier plan if there is one. */
async function ensureSweep(tx: Tx): Promise<void> {
  await addJob(tx, 'scheduler-sweep', {}, { jobKeyMode: 'preserve_run_at', runAt: new Date(Date.now() + SWEEP_INTERVAL_MS) })
}

/** Plans (or moves) the alarm's next attempt, due at `due`: a job within the horizon, else an alarm_schedule row. */
export async function queueAttempt(tx: Tx, alarmId: number, due: Date, now = Date.now()): Promise<void> {
  if (due.getTime() <= now + HORIZON_MS) {
    await tx.delete(alarmSchedule).where(eq(alarmSchedule.alarmId, alarmId))
    await addJob(tx, 'alarm-due', { alarmId, due: due.toISOString() }, { runAt: due })
  } else {
    await removeJob(tx, 'alarm-due', alarmId)
    await tx.insert(alarmSchedule).values({ alarmId, dueAt: due })
      .onConflictDoUpdate({ target: alarmSchedule.alarmId, set: { dueAt: due } })
    // Moved at least HORIZON − PLANNER_INTERVAL before it is due.
    await ensurePlanner(tx, now)
  }
  await ensureSweep(tx)
}

/** Removes whatever is planned for the alarm (job or schedule row). */
export async function unplanAttempt(tx: Tx, alarmId: number): Promise<void> {
  await removeJob(tx, 'alarm-due', alarmId)
  await tx.delete(alarmSchedule).where(eq(alarmSchedule.alarmId, alarmId))
}

/** Grows a recurring chain now (see ../chain.ts): the job decides what, if anything, is due. */
export function planChain(tx: Tx, rootId: number): Promise<void> {
  return planChainRun(tx, rootId, new Date())
}

/** Plans the chain's next run at `at`: its keyed job within the horizon, else a chain_schedule row (as queueAttempt). */
export async function planChainRun(tx: Tx, rootId: number, at: Date, now = Date.now()): Promise<void> {
  if (at.getTime() <= now + HORIZON_MS) {
    await tx.delete(chainSchedule).where(eq(chainSchedule.rootId, rootId))
    await addJob(tx, 'extend-chain', { rootId }, { runAt: at })
  } else {
    await removeJob(tx, 'extend-chain', rootId)
    await tx.insert(chainSchedule).values({ rootId, dueAt: at }).onConflictDoUpdate({ target: chainSchedule.rootId, set: { dueAt: at } })
    await ensurePlanner(tx, now)
  }
}

/** The planner runs within a minute (an already planned run is kept): rows are moved well before they are due. */
function ensurePlanner(tx: Tx, now: number) {
  return addJob(tx, 'plan-alarms', {}, { jobKeyMode: 'preserve_run_at', runAt: new Date(now + PLANNER_INTERVAL_MS) })
}

// The `plan-alarms` job: moves the alarm_schedule and chain_schedule rows that have come within the horizon into
// their keyed jobs, in batches, one transaction per batch (a row leaves its schedule exactly when its job exists).
// It runs every PLANNER_INTERVAL_MS while the schedules have rows, and at worker start.
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
                 ${TASKS['alarm-due'].maxAttempts}::int, ${jobKeySql('alarm-due', sql`alarm_id`)}, 0, null)`,
  },
  {
    table: sql`chain_schedule`, id: sql`root_id`,
    job: sql`row('extend-chain', json_build_object('rootId', root_id), null, due_at,
                 ${TASKS['extend-chain'].maxAttempts}::int, ${jobKeySql('extend-chain', sql`root_id`)}, 0, null)`,
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
        select ${id} from ${table} where due_at <= ${horizon}::timestamptz order by due_at limit ${PLANNER_BATCH} for update skip locked
      ), moved as (
        delete from ${table} s using due where s.${id} = due.${id} returning s.${id}, s.due_at
      )
      select count(*)::int as n from graphile_worker.add_jobs(array(select ${job}::graphile_worker.job_spec from moved))`)
    const n = Number((result.rows[0] as { n: number } | undefined)?.n ?? 0)
    moved += n
    full ||= n >= PLANNER_BATCH
  }
  const next = await tx.execute(sql`select least((select min(due_at) from alarm_schedule), (select min(due_at) from chain_schedule)) as next`)
  const nextDue = (next.rows[0] as { next: string | Date | null } | undefined)?.next
  if (full) {
    await addJob(tx, 'plan-alarms', {})
  } else if (nextDue) {
    const at = Math.max(now.getTime() + 1000, Math.min(now.getTime() + PLANNER_INTERVAL_MS, new Date(nextDue).getTime() - HORIZON_MS))
    await addJob(tx, 'plan-alarms', {}, { runAt: new Date(at) })
  }
  return moved
}
