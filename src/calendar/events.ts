import { and, asc, count, desc, eq, getTableColumns, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import {
  alarm, alarmRequest, ALARM_STATUS, calendar, calendarUserProfile, event, rule, type Event,
} from '../db/schema/index.js'
import { invalidField, notFound } from '../errors.js'
import { parseLink, parseOptionalLink } from '../kit/links.js'
import type { Principal } from '../accounts/auth.js'
import { MAX_OCCURRENCES, RecurrenceTooLong } from '../recurrence/recurrence.js'
import type { RecurrenceRunner } from '../recurrence/recurrence-runner.js'
import { checkTimezone } from '../kit/validation.js'
import { parseDateTime } from '../kit/date-time.js'
import { calendarUserScope } from './scope.js'
import { rowUser, usableBy } from '../accounts/sharing.js'
import { scheduleAlarms } from '../alarms/plan/replan.js'
import { notReady, readinessProblems } from '../alarms/readiness.js'

export interface EventInput {
  title?: string
  description?: string | null
  start?: string
  end?: string
  creator?: unknown
  end_recurring_period?: string | null
  rule?: unknown
  calendar?: unknown
  notify_count?: number
  status?: number
  data?: unknown
  timezone?: string
}

/**
 * What a write did to alarms: the ids whose schedule may have changed. This is the seam the alarm
 * scheduler hooks into (it re-plans these ids in the same transaction); every event and alarm
 * write goes through one function here or in alarms.ts and reports them.
 */

const HOUR = 3_600_000
const eventColumns = getTableColumns(event)

export function visibleEvents(principal: Principal): SQL | undefined {
  return and(isNull(event.deletedAt), calendarUserScope(principal, calendar.userId))
}

function selectEvents(db: Tx) {
  return db.select(eventColumns).from(event).innerJoin(calendar, eq(calendar.id, event.calendarId))
}

export interface EventFilters {
  calendar?: number
  creator?: number
  status?: number
  parent_event?: number
  start_from?: Date
  start_to?: Date
}

export async function listEvents(db: Db, principal: Principal, filters: EventFilters, limit: number, offset: number) {
  const where = and(
    visibleEvents(principal),
    filters.calendar === undefined ? undefined : eq(event.calendarId, filters.calendar),
    filters.creator === undefined ? undefined : eq(event.creatorId, filters.creator),
    filters.status === undefined ? undefined : eq(event.status, filters.status),
    filters.parent_event === undefined ? undefined : eq(event.parentEventId, filters.parent_event),
    filters.start_from === undefined ? undefined : gte(event.start, filters.start_from),
    filters.start_to === undefined ? undefined : lt(event.start, filters.start_to),
  )
  const [total] = await db.select({ n: count() }).from(event).innerJoin(calendar, eq(calendar.id, event.calendarId)).where(where)
  const rows = await selectEvents(db).where(where).orderBy(event.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getEvent(db: Tx, principal: Principal, id: number): Promise<Event> {
  const [row] = await selectEvents(db).where(and(eq(event.id, id), visibleEvents(principal)))
  if (!row) throw notFound('Event')
  return row
}

/** Also a deleted event (its alarm log stays readable), within the caller's scope. */
export async function getEventForLog(db: Tx, principal: Principal, id: number): Promise<Event> {
  const [row] = await selectEvents(db).where(and(eq(event.id, id), calendarUserScope(principal, calendar.userId)))
  if (!row) throw notFound('Event')
  return row
}

const missing = (resource: string, id: number) => `Invalid hyperlink - ${resource} ${id} does not exist.`

async function calendarFor(db: Tx, principal: Principal, value: unknown) {
  const id = parseLink('calendar', value, 'calendar')
  const [row] = await db.select({ id: calendar.id, userId: calendar.userId, managerId: calendarUserProfile.managerId })
    .from(calendar).innerJoin(calendarUserProfile, eq(calendarUserProfile.userId, calendar.userId))
    .where(and(eq(calendar.id, id), isNull(calendar.deletedAt), calendarUserScope(principal, calendar.userId)))
  if (!row) throw invalidField('calendar', missing('calendar', id))
  return row
}

/**
 * The creator must be a live calendar user of the same manager as the calendar's owner. A creator
 * kept from the stored event is not re-checked against the caller's scope (a calendar user may edit
 * an event their manager created for someone else in their calendar).
 */
async function creatorFor(db: Tx, principal: Principal, value: unknown, managerId: number, given: boolean) {
  const id = parseLink('creator', value, 'calendar-user')
  const [row] = await db.select({ userId: calendarUserProfile.userId, managerId: calendarUserProfile.managerId, timezone: calendarUserProfile.timezone })
    .from(calendarUserProfile)
    .where(and(eq(calendarUserProfile.userId, id), isNull(calendarUserProfile.deletedAt),
      given ? calendarUserScope(principal, calendarUserProfile.userId) : undefined))
  if (!row) throw invalidField('creator', missing('calendar-user', id))
  if (row.managerId !== managerId) throw invalidField('creator', "must be a calendar user of the calendar owner's manager")
  return row
}

/** The rule must be one the calendar's user may recur by (sharing.ts): a system rule or one of their organization's. */
async function ruleFor(db: Tx, calendarUserId: number, value: unknown): Promise<number | null> {
  const id = parseOptionalLink('rule', value, 'rule')
  if (id === null) return null
  const owner = await rowUser(db, calendarUserId)
  const [row] = owner === null ? [] : await db.select({ id: rule.id }).from(rule).where(and(eq(rule.id, id), usableBy(rule, owner)))
  if (!row) throw invalidField('rule', missing('rule', id))
  return id
}

/** `data` is a JSON object (or a string holding one, as Newfies' JSONField accepted), or null. */
function dataOf(value: unknown): Record<string, unknown> | null {
  if (value === null || value === '') return null
  let parsed = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      throw invalidField('data', 'must be a JSON object')
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidField('data', 'must be a JSON object')
  return parsed as Record<string, unknown>
}

/** Reads the whole request against the stored event (update) or the defaults (create) into columns. */
async function resolve(db: Tx, principal: Principal, input: EventInput, stored?: Event) {
  if (!stored && (input.calendar === undefined || input.calendar === null)) throw invalidField('calendar', 'This field is required.')
  const cal = await calendarFor(db, principal, input.calendar ?? stored!.calendarId)
  const creatorValue = input.creator ?? stored?.creatorId ?? cal.userId
  if (principal.role === 'calendar_user' && input.creator !== undefined && parseLink('creator', input.creator, 'calendar-user') !== principal.id) {
    throw invalidField('creator', 'a calendar user creates events as themselves')
  }
  const creator = await creatorFor(db, principal, creatorValue, cal.managerId, input.creator !== undefined || !stored)
  const timezone = input.timezone !== undefined ? checkTimezone('timezone', input.timezone) : stored?.timezone ?? creator.timezone
  const start = input.start !== undefined ? parseDateTime('start', input.start, timezone) : stored?.start ?? new Date()
  const end = input.end !== undefined ? parseDateTime('end', input.end, timezone)
    : stored && input.start === undefined ? stored.end
      : new Date(start.getTime() + (stored ? stored.end.getTime() - stored.start.getTime() : HOUR))
  if (end < start) throw invalidField('end', 'must not be before start')
  const endRecurringPeriod = input.end_recurring_period === undefined ? stored?.endRecurringPeriod ?? null
    : input.end_recurring_period === null || input.end_recurring_period === '' ? null
      : parseDateTime('end_recurring_period', input.end_recurring_period, timezone)
  if (endRecurringPeriod && endRecurringPeriod < start) throw invalidField('end_recurring_period', 'must not be before start')
  return {
    title: input.title,
    description: input.description,
    start,
    end,
    timezone,
    creatorId: creator.userId,
    endRecurringPeriod,
    ruleId: input.rule === undefined ? undefined : await ruleFor(db, cal.userId, input.rule),
    calendarId: cal.id,
    notifyCount: input.notify_count,
    status: input.status,
    data: input.data === undefined ? undefined : dataOf(input.data),
  }
}

async function liveAlarmIds(db: Tx, eventIds: number[]): Promise<number[]> {
  if (eventIds.length === 0) return []
  const rows = await db.select({ id: alarm.id }).from(alarm)
    .where(and(inArray(alarm.eventId, eventIds), isNull(alarm.deletedAt))).orderBy(alarm.id)
  return rows.map((r) => r.id)
}

export async function createEvent(db: Db, principal: Principal, input: EventInput & { title: string }): Promise<Event> {
  return db.transaction(async (tx) => {
    const values = await resolve(tx, principal, input)
    const [row] = await tx.insert(event).values({ ...values, title: input.title, ruleId: values.ruleId ?? null }).returning()
    await scheduleAlarms(tx, [], { eventIds: [row!.id] })
    return row!
  })
}

/** Times, zone, status: anything may move its alarms' due times, so all its live alarms are re-planned. */
export async function updateEvent(db: Db, principal: Principal, id: number, input: EventInput): Promise<Event> {
  return db.transaction(async (tx) => {
    const stored = await getEvent(tx, principal, id)
    const values = await resolve(tx, principal, input, stored)
    const [row] = await tx.update(event).set({ ...values, updatedOn: new Date() }).where(eq(event.id, id)).returning()
    // A moved event takes its unfired alarms with it: "24 hours before" stays 24 hours before.
    const shift = row!.start.getTime() - stored.start.getTime()
    if (shift !== 0) {
      await tx.update(alarm).set({ dateStartNotice: sql`${alarm.dateStartNotice} + make_interval(secs => ${shift / 1000})`, updatedDate: new Date() })
        .where(and(eq(alarm.eventId, id), isNull(alarm.deletedAt), inArray(alarm.status, [ALARM_STATUS.pending, ALARM_STATUS.retry])))
    }
    await checkOpenAlarms(tx, row!)
    await scheduleAlarms(tx, await liveAlarmIds(tx, [id]), { eventIds: [id] })
    return row!
  })
}

/** The event's data, calendar or texts changed: its alarms still to come must still find what they need (readiness.ts). */
async function checkOpenAlarms(tx: Tx, ev: Event): Promise<void> {
  const open = await tx.select().from(alarm)
    .where(and(eq(alarm.eventId, ev.id), isNull(alarm.deletedAt), inArray(alarm.status, [ALARM_STATUS.pending, ALARM_STATUS.retry])))
  for (const a of open) {
    const problems = await readinessProblems(tx, a, ev)
    if (problems.length > 0) throw notReady(problems)
  }
}

/**
 * Deletes events softly (their alarm log stays readable): the events, their live alarms, and the
 * attempts not yet made become cancelled (7). Used by every path that deletes events.
 */
export async function deleteEvents(tx: Tx, eventIds: number[], now = new Date()): Promise<void> {
  if (eventIds.length === 0) return
  const alarmIds = await liveAlarmIds(tx, eventIds)
  await tx.update(event).set({ deletedAt: now, updatedOn: now }).where(and(inArray(event.id, eventIds), isNull(event.deletedAt)))
  if (alarmIds.length > 0) {
    const open = [ALARM_STATUS.pending, ALARM_STATUS.inProcess, ALARM_STATUS.retry]
    await tx.update(alarm).set({ status: ALARM_STATUS.cancelled }).where(and(inArray(alarm.id, alarmIds), inArray(alarm.status, open)))
    await tx.update(alarm).set({ deletedAt: now, updatedDate: now }).where(inArray(alarm.id, alarmIds))
    await tx.update(alarmRequest).set({ status: ALARM_STATUS.cancelled })
      .where(and(inArray(alarmRequest.alarmId, alarmIds), eq(alarmRequest.status, ALARM_STATUS.pending)))
    await scheduleAlarms(tx, alarmIds)
  }
}

/** Deleting the root of a recurring chain deletes the whole chain; deleting a child, that child. */
export async function deleteEvent(db: Db, principal: Principal, id: number): Promise<void> {
  return db.transaction(async (tx) => {
    const stored = await getEvent(tx, principal, id)
    const ids = [id]
    if (stored.parentEventId === null) {
      const children = await tx.select({ id: event.id }).from(event).where(and(eq(event.parentEventId, id), isNull(event.deletedAt)))
      ids.push(...children.map((c) => c.id))
    }
    await deleteEvents(tx, ids)
  })
}

function rootOf(e: Event): number {
  return e.parentEventId ?? e.id
}

/** The newest live event of the chain `id` belongs to (the root itself while it has no child). */
async function lastOfChain(tx: Tx, root: number): Promise<Event> {
  const [row] = await tx.select().from(event)
    .where(and(or(eq(event.id, root), eq(event.parentEventId, root)), isNull(event.deletedAt)))
    .orderBy(desc(event.occCount), desc(event.start), desc(event.id)).limit(1)
  if (!row) throw notFound('Event')
  return row
}

/**
 * Pause (3), resume (1) or complete (2) a recurring chain: sets the status of its newest event, which
 * is the one the scheduler continues the chain from (the README's calendar walkthrough).
 */
export async function setChainStatus(db: Db, principal: Principal, id: number, status: number): Promise<Event> {
  return db.transaction(async (tx) => {
    const stored = await getEvent(tx, principal, id)
    const last = await lastOfChain(tx, rootOf(stored))
    const [row] = await tx.update(event).set({ status, updatedOn: new Date() }).where(eq(event.id, last.id)).returning()
    await scheduleAlarms(tx, await liveAlarmIds(tx, [last.id]), { eventIds: [last.id] })
    return row!
  })
}

/** The children of the chain `id` belongs to, in occurrence order. */
export async function listChildren(db: Db, principal: Principal, id: number, limit: number, offset: number) {
  const stored = await getEvent(db, principal, id)
  const where = and(eq(event.parentEventId, rootOf(stored)), isNull(event.deletedAt))
  const [total] = await db.select({ n: count() }).from(event).where(where)
  const rows = await db.select().from(event).where(where).orderBy(asc(event.occCount), asc(event.start), asc(event.id)).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

/**
 * Occurrences of the series `id` belongs to (the root's start, rule and end_recurring_period) that
 * start in [from, to), at most 1000; `from`/`to` without an offset are read in the event's zone. A rule that would
 * need more than RECURRENCE_MAX_STEPS steps to reach the window is a 400 naming `start` (recurrence.ts).
 */
export async function eventOccurrences(db: Db, recurrence: RecurrenceRunner, principal: Principal, id: number, from: string, to: string) {
  const stored = await getEvent(db, principal, id)
  const [root] = stored.parentEventId === null ? [stored] : await db.select().from(event).where(eq(event.id, stored.parentEventId))
  const series = root ?? stored
  const start = parseDateTime('start', from, series.timezone)
  const end = parseDateTime('end', to, series.timezone)
  if (end <= start) throw invalidField('end', 'must be after start')
  const [r] = series.ruleId === null ? [] : await db.select({ rrule: rule.rrule }).from(rule).where(eq(rule.id, series.ruleId))
  try {
    const found = await recurrence.occurrences({
      start: series.start, end: series.end, timezone: series.timezone, rrule: r?.rrule ?? null,
      endRecurringPeriod: series.endRecurringPeriod,
    }, { from: start, to: end, limit: MAX_OCCURRENCES })
    return { timezone: series.timezone, occurrences: found }
  } catch (err) {
    if (err instanceof RecurrenceTooLong) {
      throw invalidField('start', `${err.message} (rule ${series.ruleId}); ask for a window nearer the series start`)
    }
    if (err instanceof RangeError) throw invalidField('rule', err.message)
    throw err
  }
}
