import { and, asc, count, eq, getTableColumns, gte, inArray, lte, or, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { alarm, alarmRequest, calendar, event, type AlarmRequest } from '../db/schema/index.js'
import { notFound } from '../errors.js'
import type { Principal } from '../accounts/auth.js'
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

export async function getAlarmRequest(db: Db, principal: Principal, id: number): Promise<AlarmRequestRow> {
  const [row] = await select(db).where(and(eq(alarmRequest.id, id), visible(principal)))
  if (!row) throw notFound('Alarm request')
  return row
}

export interface NestedAlarm {
  id: number
  eventId: number
  requests: AlarmRequest[]
}

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
  const requests = await db.select().from(alarmRequest)
    .where(inArray(alarmRequest.alarmId, alarms.map((a) => a.id))).orderBy(asc(alarmRequest.id))
  return alarms.map((a) => ({ ...a, requests: requests.filter((r) => r.alarmId === a.id) }))
}
