// The seam between calendar writes and the job queue. Every alarm has at most one job, keyed `alarm:<id>`, whose
// run_at is the alarm's next due time: graphile-worker's job_key replaces an unlocked job in place, so editing an
// alarm or its event moves the job, pausing, deleting or cancelling removes it, and nothing is queued twice.
// Everything here runs inside the caller's transaction: the job exists exactly when the write commits.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { alarm, alarmRequest, ALARM_STATUS, call, event, EVENT_STATUS, type Alarm } from '../../db/schema/index.js'
import { addJob, removeJob } from '../../jobs/queue.js'
import { CallStatus } from '../../telephony/callstatus.js'
import { finishCall } from '../calls/call-status.js'
import { dueTime } from '../due-time.js'

export const alarmJobKey = (alarmId: number) => `alarm:${alarmId}`
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

/** Queues (or moves) the alarm's job: the attempt that is due at `due`. */
export async function queueAttempt(tx: Tx, alarmId: number, due: Date): Promise<void> {
  await addJob(tx, 'alarm-due', { alarmId, due: due.toISOString() }, {
    jobKey: alarmJobKey(alarmId), runAt: due, maxAttempts: ALARM_JOB_ATTEMPTS,
  })
  await ensureSweep(tx)
}

/** Grows a recurring chain (see chain.ts): the job decides what, if anything, is due. */
export async function planChain(tx: Tx, rootId: number): Promise<void> {
  await addJob(tx, 'extend-chain', { rootId }, { jobKey: chainJobKey(rootId), maxAttempts: ALARM_JOB_ATTEMPTS })
}

async function jobExists(tx: Tx, key: string): Promise<boolean> {
  const result = await tx.execute(sql`select 1 from graphile_worker.jobs where key = ${key}`)
  return result.rows.length > 0
}

/** Calls of a cancelled alarm that have not been dialled yet are cancelled too; a call already ringing goes on. */
async function cancelUndialledCalls(tx: Tx, alarmId: number): Promise<void> {
  const rows = await tx.select({ call }).from(call)
    .innerJoin(alarmRequest, eq(alarmRequest.id, call.alarmRequestId))
    .where(and(eq(alarmRequest.alarmId, alarmId), isNull(call.dialedAt), eq(call.callstatus, CallStatus.queued)))
    .for('update', { of: call })
  for (const { call: row } of rows) {
    await finishCall(tx, row, { status: 'canceled', error: 'the alarm was cancelled before its call was dialled' })
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
      const key = alarmJobKey(a.id)
      if (a.deletedAt || row.eventDeletedAt || a.status === ALARM_STATUS.cancelled) {
        await removeJob(tx, key)
        await cancelUndialledCalls(tx, a.id)
        continue
      }
      if (row.ruleId !== null) roots.add(row.parentEventId ?? row.eventId)
      const held = row.eventStatus === EVENT_STATUS.paused
      if (a.status === ALARM_STATUS.pending) {
        if (held) await removeJob(tx, key)
        else await queueAttempt(tx, a.id, plannedDue(a))
      } else if (a.status === ALARM_STATUS.retry) {
        if (held) await removeJob(tx, key)
        // Resumed after a pause removed the retry's job: the retry is due now (the handler checks the window).
        else if (!(await jobExists(tx, key))) await queueAttempt(tx, a.id, new Date())
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
