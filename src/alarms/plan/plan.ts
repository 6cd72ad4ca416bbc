// The seam between calendar writes and the job queue. Every alarm has at most one planned attempt: within the
// HORIZON it is the graphile-worker job keyed `alarm:<id>` whose run_at is the due time (job_key replaces an unlocked
// job in place, so editing an alarm or its event moves it and nothing is queued twice); further ahead it is a row
// in alarm_schedule, which the `plan-alarms` job (planner.ts) turns into that job once it comes within the horizon.
// (graphile-worker's job lookup scans every future job when nothing is due: a million future jobs would cost ~50 ms
// per idle poll, so they wait in alarm_schedule.) Pausing, deleting or cancelling removes the plan. Everything here
// runs inside the caller's transaction: the plan exists exactly when the write commits.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { alarm, alarmRequest, alarmSchedule, ALARM_STATUS, call, chainSchedule, event, EVENT_STATUS, type Alarm } from '../../db/schema/index.js'
import { addJob, removeJob } from '../../queue/queue.js'
import { CallStatus } from '../../codes/call-status.js'
import { applyCallStatus } from '../../dialer/call-status.js'
import { dueTime } from '../due-time.js'

export const alarmJobKey = (alarmId: number) => `alarm:${alarmId}`
/** Attempts due within this are graphile-worker jobs; later ones wait in alarm_schedule. */
export const HORIZON_MS = 10 * 60_000
export const PLANNER_KEY = 'plan-alarms'
/** How often the planner moves attempts into the queue while there are some: well inside the horizon. */
export const PLANNER_INTERVAL_MS = 60_000
export const chainJobKey = (rootId: number) => `chain:${rootId}`

/** graphile-worker retries a failing handler with backoff; an alarm job that fails this often needs a human. */
export const ALARM_JOB_ATTEMPTS = 10

/** The due time of a pending alarm; a row the calendar API could not have written (bad zone or time) is due now. */
export function plannedDue(a: Pick<Alarm, 'dateStartNotice' | 'advanceNotice' | 'dailyStart' | 'dailyStop' | 'timezone'>, now = new Date()): Date {
  try {
    return dueTime(a)
  } catch {
    return now
  }
}

export const SWEEP_KEY = 'scheduler-sweep'
export const SWEEP_INTERVAL_MS = 60_000

/** Makes sure the safety-net sweep (sweep.ts) runs within a minute, keeping an earlier plan if there is one. */
async function ensureSweep(tx: Tx): Promise<void> {
  await addJob(tx, 'scheduler-sweep', {}, {
    jobKey: SWEEP_KEY, jobKeyMode: 'preserve_run_at', runAt: new Date(Date.now() + SWEEP_INTERVAL_MS),
  })
}

/** Plans (or moves) the alarm's next attempt, due at `due`: a job within the horizon, else an alarm_schedule row. */
export async function queueAttempt(tx: Tx, alarmId: number, due: Date, now = Date.now()): Promise<void> {
  if (due.getTime() <= now + HORIZON_MS) {
    await tx.delete(alarmSchedule).where(eq(alarmSchedule.alarmId, alarmId))
    await addJob(tx, 'alarm-due', { alarmId, due: due.toISOString() }, {
      jobKey: alarmJobKey(alarmId), runAt: due, maxAttempts: ALARM_JOB_ATTEMPTS,
    })
  } else {
    await removeJob(tx, alarmJobKey(alarmId))
    await tx.insert(alarmSchedule).values({ alarmId, dueAt: due })
      .onConflictDoUpdate({ target: alarmSchedule.alarmId, set: { dueAt: due } })
    // Moved at least HORIZON − PLANNER_INTERVAL before it is due.
    await ensurePlanner(tx, now)
  }
  await ensureSweep(tx)
}

/** Removes whatever is planned for the alarm (job or schedule row). */
export async function unplanAttempt(tx: Tx, alarmId: number): Promise<void> {
  await removeJob(tx, alarmJobKey(alarmId))
  await tx.delete(alarmSchedule).where(eq(alarmSchedule.alarmId, alarmId))
}

/** Grows a recurring chain now (see chain.ts): the job decides what, if anything, is due. */
export function planChain(tx: Tx, rootId: number): Promise<void> {
  return planChainRun(tx, rootId, new Date())
}

/** Plans the chain's next run at `at`: its keyed job within the horizon, else a chain_schedule row (as queueAttempt). */
export async function planChainRun(tx: Tx, rootId: number, at: Date, now = Date.now()): Promise<void> {
  if (at.getTime() <= now + HORIZON_MS) {
    await tx.delete(chainSchedule).where(eq(chainSchedule.rootId, rootId))
    await addJob(tx, 'extend-chain', { rootId }, { jobKey: chainJobKey(rootId), runAt: at, maxAttempts: ALARM_JOB_ATTEMPTS })
  } else {
    await removeJob(tx, chainJobKey(rootId))
    await tx.insert(chainSchedule).values({ rootId, dueAt: at }).onConflictDoUpdate({ target: chainSchedule.rootId, set: { dueAt: at } })
    await ensurePlanner(tx, now)
  }
}

/** The planner runs within a minute (an already planned run is kept): rows are moved well before they are due. */
function ensurePlanner(tx: Tx, now: number) {
  return addJob(tx, 'plan-alarms', {}, { jobKey: PLANNER_KEY, jobKeyMode: 'preserve_run_at', runAt: new Date(now + PLANNER_INTERVAL_MS) })
}

async function attemptPlanned(tx: Tx, alarmId: number): Promise<boolean> {
  const result = await tx.execute(sql`select 1 from graphile_worker.jobs where key = ${alarmJobKey(alarmId)} and attempts < max_attempts
    union all select 1 from alarm_schedule where alarm_id = ${alarmId}`)
  return result.rows.length > 0
}

/**
 * Calls of a cancelled alarm that have not been dialled yet are cancelled too, and their attempts with them (there is
 * nothing to settle: the alarm is over); a call already ringing goes on and settles when it ends.
 */
async function cancelUndialledCalls(tx: Tx, alarmId: number): Promise<void> {
  const rows = await tx.select({ call }).from(call)
    .innerJoin(alarmRequest, eq(alarmRequest.id, call.alarmRequestId))
    .where(and(eq(alarmRequest.alarmId, alarmId), isNull(call.dialedAt), eq(call.callstatus, CallStatus.queued)))
    .for('update', { of: call })
  for (const { call: row } of rows) {
    await applyCallStatus(tx, row, { status: 'canceled', error: 'the alarm was cancelled before its call was dialled', duration: 0 })
    await tx.update(alarmRequest).set({ status: ALARM_STATUS.cancelled, callstatus: CallStatus.canceled, duration: 0 })
      .where(and(eq(alarmRequest.id, row.alarmRequestId!), eq(alarmRequest.status, ALARM_STATUS.inProcess)))
  }
}

/**
 * Re-plans these alarms after a calendar write, in the writer's transaction; `eventIds` are events whose recurrence
 * may have changed (a rule set, a chain resumed) even without alarms. Pending alarms get their job at their due
 * time; alarms of a paused event lose it until resumed; cancelled or deleted ones lose it for good. An alarm
 * in process or waiting for a retry keeps the job it has (its time is the retry's, not date_start_notice's).
 */
export async function scheduleAlarms(tx: Tx, alarmIds: number[], options: { eventIds?: number[] } = {}): Promise<void> {
  const roots = new Set<number>()
  if (alarmIds.length > 0) {
    const rows = await tx.select({
      alarm, eventId: event.id, parentEventId: event.parentEventId, ruleId: event.ruleId, eventStatus: event.status, eventDeletedAt: event.deletedAt,
    }).from(alarm).innerJoin(event, eq(event.id, alarm.eventId)).where(inArray(alarm.id, alarmIds))
    for (const row of rows) {
      const a = row.alarm
      if (a.deletedAt || row.eventDeletedAt || a.status === ALARM_STATUS.cancelled) {
        await unplanAttempt(tx, a.id)
        await cancelUndialledCalls(tx, a.id)
        continue
      }
      if (row.ruleId !== null) roots.add(row.parentEventId ?? row.eventId)
      const held = row.eventStatus === EVENT_STATUS.paused
      if (a.status === ALARM_STATUS.pending) {
        if (held) await unplanAttempt(tx, a.id)
        else await queueAttempt(tx, a.id, plannedDue(a))
      } else if (a.status === ALARM_STATUS.retry) {
        if (held) await unplanAttempt(tx, a.id)
        // Resumed after a pause removed the retry's plan: the retry is due now (the handler checks the window).
        else if (!(await attemptPlanned(tx, a.id))) await queueAttempt(tx, a.id, new Date())
      }
    }
  }
  if (options.eventIds && options.eventIds.length > 0) {
    const events = await tx.select({ id: event.id, parentEventId: event.parentEventId, ruleId: event.ruleId })
      .from(event).where(inArray(event.id, options.eventIds))
    for (const e of events) if (e.ruleId !== null) roots.add(e.parentEventId ?? e.id)
  }
  for (const root of roots) await planChain(tx, root)
}
