import { and, asc, count, eq, getTableColumns, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { alarm, alarmRequest, calendar, call, event, type AlarmRequest } from '../db/schema/index.js'
import { invalidField, notFound } from '../errors.js'
import { parseLink, parseOptionalLink } from '../kit/links.js'
import { parseDateTime } from '../kit/date-time.js'
import type { Principal } from '../accounts/auth.js'
import { visibleCalls } from '../dialer/call-requests.js'
import { getAlarm } from './alarms.js'
import { getEventForLog } from './events.js'
import { calendarUserScope } from './scope.js'

export type AlarmRequestRow = AlarmRequest & { eventId: number }

export interface AlarmRequestFilters {
  alarm?: number
  event?: number
  status?: number
  date_from?: Date
  date_to?: Date
}

/** The log stays readable after its alarm, event or calendar is deleted, within the caller's scope. */
function visible(principal: Principal): SQL | undefined {
  return calendarUserScope(principal, calendar.userId)
}

function select(db: Tx) {
  return db.select({ ...getTableColumns(alarmRequest), eventId: alarm.eventId }).from(alarmRequest)
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .innerJoin(event, eq(event.id, alarm.eventId))
    .innerJoin(calendar, eq(calendar.id, event.calendarId))
}

export async function listAlarmRequests(db: Db, principal: Principal, filters: AlarmRequestFilters, limit: number, offset: number) {
  const where = and(
    visible(principal),
    filters.alarm === undefined ? undefined : eq(alarmRequest.alarmId, filters.alarm),
    filters.event === undefined ? undefined : eq(alarm.eventId, filters.event),
    filters.status === undefined ? undefined : eq(alarmRequest.status, filters.status),
    filters.date_from === undefined ? undefined : gte(alarmRequest.date, filters.date_from),
    filters.date_to === undefined ? undefined : lte(alarmRequest.date, filters.date_to),
  )
  const [total] = await db.select({ n: count() }).from(alarmRequest)
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .innerJoin(event, eq(event.id, alarm.eventId))
    .innerJoin(calendar, eq(calendar.id, event.calendarId)).where(where)
  const rows = await select(db).where(where).orderBy(alarmRequest.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getAlarmRequest(db: Tx, principal: Principal, id: number): Promise<AlarmRequestRow> {
  const [row] = await select(db).where(and(eq(alarmRequest.id, id), visible(principal)))
  if (!row) throw notFound('Alarm request')
  return row
}

export interface NestedAlarm {
  id: number
  eventId: number
  /** with `date` as Python printed it, to the microsecond (`2013-12-18 17:19:23.368534+00:00`) */
  requests: (AlarmRequest & { pythonDate: string })[]
}

// str() of an aware UTC datetime: the fraction only when there is one.
const pythonDate = sql<string>`regexp_replace(to_char(${alarmRequest.date} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), '[.]000000$', '') || '+00:00'`

/**
 * The attempts of every alarm of an event and of its children (a root's chain), deleted alarms
 * included: alarms by id, their requests by id (the README's calendar walkthrough).
 */
export async function nestedAlarmRequests(db: Db, principal: Principal, eventId: number): Promise<NestedAlarm[]> {
  await getEventForLog(db, principal, eventId)
  const alarms = await db.select({ id: alarm.id, eventId: alarm.eventId }).from(alarm)
    .innerJoin(event, eq(event.id, alarm.eventId))
    .where(or(eq(alarm.eventId, eventId), eq(event.parentEventId, eventId)))
    .orderBy(asc(alarm.id))
  if (alarms.length === 0) return []
  const requests = await db.select({ ...getTableColumns(alarmRequest), pythonDate }).from(alarmRequest)
    .where(inArray(alarmRequest.alarmId, alarms.map((a) => a.id))).orderBy(asc(alarmRequest.id))
  return alarms.map((a) => ({ ...a, requests: requests.filter((r) => r.alarmId === a.id) }))
}

/** A written attempt record (Newfies' alarm-request serializer: all fields writable). */
export interface AlarmRequestInput {
  alarm?: unknown
  date?: string
  status?: number
  callstatus?: number
  duration?: number
  callrequest?: unknown
}

/** The alarm and call an attempt names, both in the caller's scope (400 in DRF's words otherwise). */
async function references(tx: Tx, principal: Principal, input: AlarmRequestInput) {
  const out: { alarmId?: number; callId?: number | null } = {}
  if (input.alarm !== undefined) {
    const id = parseLink('alarm', input.alarm, 'alarm')
    await getAlarm(tx, principal, id).catch(() => { throw invalidField('alarm', 'Invalid hyperlink - Object does not exist.') })
    out.alarmId = id
  }
  if (input.callrequest !== undefined) {
    const id = parseOptionalLink('callrequest', input.callrequest, 'callrequest')
    if (id !== null) {
      const [found] = await tx.select({ id: call.id }).from(call).where(and(eq(call.id, id), visibleCalls(principal)))
      if (!found) throw invalidField('callrequest', 'Invalid hyperlink - Object does not exist.')
    }
    out.callId = id
  }
  return out
}

function valuesOf(input: AlarmRequestInput) {
  return {
    ...(input.date === undefined ? {} : { date: parseDateTime('date', input.date, 'UTC') }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.callstatus === undefined ? {} : { callstatus: input.callstatus }),
    ...(input.duration === undefined ? {} : { duration: input.duration }),
  }
}

/**
 * Records an attempt by hand, as Newfies allowed. It is a log entry only: Tocsin's scheduler
 * places calls from the alarm itself, so a pending entry written here does not dial.
 */
export async function createAlarmRequest(db: Db, principal: Principal, input: AlarmRequestInput): Promise<AlarmRequestRow> {
  return db.transaction(async (tx) => {
    if (input.alarm === undefined || input.alarm === null) throw invalidField('alarm', 'This field is required.')
    if (input.date === undefined) throw invalidField('date', 'This field is required.')
    const refs = await references(tx, principal, input)
    const [row] = await tx.insert(alarmRequest).values({ alarmId: refs.alarmId!, callId: refs.callId ?? null, ...valuesOf(input) }).returning({ id: alarmRequest.id })
    return (await select(tx).where(eq(alarmRequest.id, row!.id)))[0]!
  })
}

/** PUT (`full`: alarm and date required, as DRF's full update) or PATCH. */
export async function updateAlarmRequest(db: Db, principal: Principal, id: number, input: AlarmRequestInput, full: boolean): Promise<AlarmRequestRow> {
  return db.transaction(async (tx) => {
    await getAlarmRequest(tx, principal, id)
    if (full && (input.alarm === undefined || input.alarm === null)) throw invalidField('alarm', 'This field is required.')
    if (full && input.date === undefined) throw invalidField('date', 'This field is required.')
    const refs = await references(tx, principal, input)
    const values = { ...valuesOf(input), ...(refs.alarmId === undefined ? {} : { alarmId: refs.alarmId }), ...(refs.callId === undefined ? {} : { callId: refs.callId }) }
    if (Object.keys(values).length > 0) await tx.update(alarmRequest).set(values).where(eq(alarmRequest.id, id))
    return (await select(tx).where(eq(alarmRequest.id, id)))[0]!
  })
}
