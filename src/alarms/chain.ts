// The `extend-chain` job (key `chain:<root id>`): grows a recurring event one child per occurrence, each created
// shortly before its earliest alarm is due, then re-queues itself for the next one. Occurrences come from the root's
// start, rule and end_recurring_period on the event's wall clock (recurrence.ts), so COUNT and the end date bound the
// whole series and 09:00 stays 09:00 across DST. A child copies the newest event of the chain, and its alarms keep
// their offset to the event's start with num_attempt 0 (Newfies lost the offset and inherited num_attempt).
// A paused or completed newest event stops the chain until it is resumed (plan.ts queues this job again).
import { and, desc, eq, isNull, or } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { alarm, event, EVENT_STATUS, rule, type Alarm, type Event } from '../db/schema/index.js'
import { ALARM_RESULT } from '../codes/alarm-result.js'
import { ALARM_STATUS } from '../codes/alarm-status.js'
import type { AppDeps } from '../deps.js'
import type { Occurrence, Series } from '../recurrence/recurrence.js'
import type { RecurrenceRunner } from '../recurrence/recurrence-runner.js'
import { planChainRun, plannedDue } from './plan/plan.js'
import { scheduleAlarms } from './plan/replan.js'

/** Children are created at most this long before their earliest alarm (or start), and at least this long. */
const LEAD_MAX_MS = 15 * 60_000
const LEAD_MIN_MS = 5_000
/** Occurrences that started while nothing ran: the latest few are kept (their alarms expired), older ones skipped. */
const MISSED_KEPT = 10
/** Children created per run; a longer backlog continues in the next run (short transactions). */
const PER_RUN = 20

export interface ChainStep { created: number[]; nextRunAt: Date | null }

export function createExtendChain(deps: AppDeps) {
  return async function extendChainJob({ rootId }: { rootId: number }): Promise<void> {
    const step = await deps.db.transaction((tx) => extendChain(tx, deps, rootId, new Date()))
    if (step.created.length > 0) deps.logger.info({ rootId, created: step.created, nextRunAt: step.nextRunAt }, 'recurring events created')
  }
}

async function newestOf(tx: Tx, rootId: number, liveOnly: boolean): Promise<Event | undefined> {
  const [row] = await tx.select().from(event)
    .where(and(or(eq(event.id, rootId), eq(event.parentEventId, rootId)), liveOnly ? isNull(event.deletedAt) : undefined))
    .orderBy(desc(event.start), desc(event.occCount), desc(event.id)).limit(1)
  return row
}

/**
 * The latest MISSED_KEPT occurrences after `after` that already started before `now`. Looked for in windows ending at
 * `now`, each four times longer than the last, so a long outage of a frequent rule costs a few windows, not a walk.
 */
async function lastMissed(recurrence: RecurrenceRunner, series: Series, after: Date, now: Date): Promise<Occurrence[]> {
  const earliest = after.getTime() + 1
  for (let span = 60_000; ; span *= 4) {
    let from = Math.max(earliest, now.getTime() - span)
    const kept: Occurrence[] = []
    for (;;) {
      const batch = await recurrence.occurrences(series, { from: new Date(from), to: now, limit: 1000 })
      kept.push(...batch)
      kept.splice(0, Math.max(0, kept.length - MISSED_KEPT))
      if (batch.length < 1000) break
      from = batch[batch.length - 1]!.start.getTime() + 1
    }
    if (kept.length >= MISSED_KEPT || now.getTime() - span <= earliest) return kept
  }
}

function childAlarmValues(template: Alarm, child: { id: number; start: Date }, parentStart: Date) {
  const { id: _id, createdDate: _c, updatedDate: _u, deletedAt: _d, eventId: _e, numAttempt: _n, status: _s, result: _r, ...config } = template
  return {
    ...config,
    eventId: child.id,
    dateStartNotice: new Date(child.start.getTime() + (template.dateStartNotice.getTime() - parentStart.getTime())),
    numAttempt: 0,
    status: ALARM_STATUS.pending,
    result: ALARM_RESULT.none,
  }
}

/** One run of the chain job at `now` (a parameter, so that tests can walk a series across DST in a few seconds). */
export async function extendChain(tx: Tx, deps: Pick<AppDeps, 'logger' | 'recurrence'>, rootId: number, now: Date): Promise<ChainStep> {
  const [root] = await tx.select().from(event).where(eq(event.id, rootId)).for('update')
  const created: number[] = []
  if (!root || root.deletedAt || root.ruleId === null || root.parentEventId !== null) return { created, nextRunAt: null }
  const [r] = await tx.select({ rrule: rule.rrule }).from(rule).where(eq(rule.id, root.ruleId))
  const series: Series = {
    start: root.start, end: root.end, timezone: root.timezone, rrule: r?.rrule ?? null, endRecurringPeriod: root.endRecurringPeriod,
  }
  for (let i = 0; i < PER_RUN; i++) {
    const last = await newestOf(tx, rootId, true)
    // A deleted newest child still marks how far the chain went: it is not created again.
    const reached = await newestOf(tx, rootId, false)
    if (!last || !reached || last.status !== EVENT_STATUS.pending) return { created, nextRunAt: null }
    let next: Occurrence | null
    try {
      next = await deps.recurrence.nextOccurrence(series, reached.start)
      if (next && next.start < now) next = (await lastMissed(deps.recurrence, series, reached.start, now))[0] ?? next
    } catch (err) {
      deps.logger.error({ err, rootId }, 'recurrence of this chain cannot be computed; it stops here')
      return { created, nextRunAt: null }
    }
    if (!next) return { created, nextRunAt: null }
    const templates = await tx.select().from(alarm).where(and(eq(alarm.eventId, last.id), isNull(alarm.deletedAt)))
    const start = next.start
    const dues = templates.map((t) => plannedDue({ ...t, dateStartNotice: new Date(start.getTime() + (t.dateStartNotice.getTime() - last.start.getTime())) }, now).getTime())
    const earliest = Math.min(start.getTime(), ...dues)
    const period = start.getTime() - reached.start.getTime()
    const lead = Math.min(LEAD_MAX_MS, Math.max(LEAD_MIN_MS, period / 2))
    const createAt = earliest - lead
    if (createAt > now.getTime()) {
      await planChainRun(tx, rootId, new Date(createAt), now.getTime())
      return { created, nextRunAt: new Date(createAt) }
    }
    const [child] = await tx.insert(event).values({
      title: last.title,
      description: last.description,
      start,
      end: next.end,
      timezone: last.timezone,
      creatorId: last.creatorId,
      endRecurringPeriod: last.endRecurringPeriod,
      ruleId: last.ruleId,
      calendarId: last.calendarId,
      notifyCount: last.notifyCount,
      status: EVENT_STATUS.pending,
      data: last.data,
      parentEventId: rootId,
      occCount: next.index,
    }).returning({ id: event.id, start: event.start })
    created.push(child!.id)
    const started = start.getTime() <= now.getTime()
    const alarmIds: number[] = []
    for (const t of templates) {
      const [row] = await tx.insert(alarm).values({
        ...childAlarmValues(t, child!, last.start),
        // Missed while nothing ran: recorded, never called late (docs/ARCHITECTURE.md "Life of a reminder").
        ...(started && { status: ALARM_STATUS.expired }),
      }).returning({ id: alarm.id })
      alarmIds.push(row!.id)
    }
    if (!started) await scheduleAlarms(tx, alarmIds)
  }
  await planChainRun(tx, rootId, now, now.getTime())
  return { created, nextRunAt: now }
}
