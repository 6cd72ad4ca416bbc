// Re-planning after a calendar write (alarms and events created, edited, paused, resumed, cancelled or deleted), in
// the writer's transaction, on top of plan.ts: pending alarms get their attempt planned at their due time, alarms of a
// paused event lose it until resumed, cancelled or deleted ones lose it for good (with their calls not dialled yet).
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { alarm, alarmRequest, ALARM_STATUS, call, event, EVENT_STATUS } from '../../db/schema/index.js'
import { CallStatus } from '../../codes/call-status.js'
import { applyCallStatus } from '../../dialer/call-transitions.js'
import { jobKeyFor } from '../../queue/tasks.js'
import { planChain, plannedDue, queueAttempt, unplanAttempt } from './plan.js'

async function attemptPlanned(tx: Tx, alarmId: number): Promise<boolean> {
  const result = await tx.execute(sql`select 1 from graphile_worker.jobs where key = ${jobKeyFor('alarm-due', alarmId)} and attempts < max_attempts
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
