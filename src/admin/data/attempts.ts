import { and, count, desc, eq, gte, inArray, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.js'
import {
  alarm, alarmRequest, ALARM_METHOD, ALARM_RESULT, ALARM_STATUS, ATTEMPT_REASON, calendar, call, event, smsMessage,
} from '../../db/schema/index.js'
import { notFound } from '../../errors.js'
import type { ListFilters } from '../list.js'
import { NOT_CONTACTED, OPTED_OUT, type AttemptOutcome } from '../outcome.js'
import type { AdminPrincipal } from '../session.js'
import { calendarScope } from './scope.js'
import { nameText, searchCondition } from './search.js'

const attemptSms = alias(smsMessage, 'attempt_sms')

/** An SMS alarm's own text is the attempt's first message; any other text of the attempt is the failure fallback. */
const firstSmsOfAttempt = sql`(select min(s.id) from ${smsMessage} s where s.alarm_request_id = ${alarmRequest.id})`

const columns = {
  id: alarmRequest.id, date: alarmRequest.date, status: alarmRequest.status, callstatus: alarmRequest.callstatus,
  duration: alarmRequest.duration, callId: alarmRequest.callId, reason: alarmRequest.reason,
  reasonDetail: alarmRequest.reasonDetail, retryAt: alarmRequest.retryAt,
  attemptNo: sql<number>`(select count(*)::int from ${alarmRequest} r2 where r2.alarm_id = ${alarmRequest.alarmId} and r2.id <= ${alarmRequest.id})`,
  alarmId: alarm.id, method: alarm.method, alarmStatus: alarm.status, maxretry: alarm.maxretry,
  phone: alarm.alarmPhonenumber, email: alarm.alarmEmail, fallbackPhone: alarm.phonenumberSmsFailure,
  eventId: event.id, eventTitle: event.title,
  /** set when the event is a CRM appointment's reminder event: the appointment's timeline is its page */
  appointmentUuid: sql<string | null>`(select ap.uuid from appointment ap where ap.reminder_event_id = ${event.id})`, eventStart: event.start, eventData: event.data,
  calendarId: calendar.id, calendarName: calendar.name,
  callExists: sql<boolean>`${call.id} is not null`, callResult: call.result, answeredBy: call.answeredBy,
  transferredTo: call.transferredTo, callError: call.error,
  smsId: attemptSms.id, smsStatus: attemptSms.status, smsError: attemptSms.error,
  fallbackSmsId: sql<number | null>`(select max(s.id) from ${smsMessage} s where s.alarm_request_id = ${alarmRequest.id}
    and (${alarm.method} <> ${ALARM_METHOD.sms} or s.id <> ${firstSmsOfAttempt}))`,
}

function base(db: Db) {
  return db.select(columns).from(alarmRequest)
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .innerJoin(event, eq(event.id, alarm.eventId))
    .innerJoin(calendar, eq(calendar.id, event.calendarId))
    .leftJoin(call, eq(call.id, alarmRequest.callId))
    .leftJoin(attemptSms, and(eq(alarm.method, ALARM_METHOD.sms), eq(attemptSms.id, firstSmsOfAttempt)))
}
export type AttemptRow = Awaited<ReturnType<typeof base>>[number]

const result = (code: number) => sql`coalesce(${call.result}, ${ALARM_RESULT.none}) = ${code}`
const succeeded = eq(alarmRequest.status, ALARM_STATUS.success)
const notContacted = inArray(alarmRequest.reason, [...NOT_CONTACTED])

/** The SQL of each outcome of the filter (outcome.ts names them). */
const OUTCOME_WHERE: Record<AttemptOutcome, SQL> = {
  confirmed: and(succeeded, result(ALARM_RESULT.confirmed))!,
  cancelled: and(succeeded, result(ALARM_RESULT.cancelled))!,
  reschedule: and(succeeded, result(ALARM_RESULT.rescheduled))!,
  reached: and(succeeded, result(ALARM_RESULT.none))!,
  retrying: eq(alarmRequest.status, ALARM_STATUS.retry),
  failed: and(eq(alarmRequest.status, ALARM_STATUS.failure),
    sql`(${alarmRequest.reason} is null or ${notInArray(alarmRequest.reason, [...NOT_CONTACTED, ATTEMPT_REASON.optedOut])})`)!,
  'opted-out': inArray(alarmRequest.reason, [...OPTED_OUT]),
  'not-contacted': and(notContacted, ne(alarmRequest.reason, ATTEMPT_REASON.doNotContact))!,
  'in-progress': inArray(alarmRequest.status, [ALARM_STATUS.pending, ALARM_STATUS.inProcess]),
  stopped: eq(alarmRequest.status, ALARM_STATUS.cancelled),
}

export interface AttemptScope { eventId?: number; alarmId?: number }

function where(user: AdminPrincipal, filters: ListFilters<AttemptOutcome>, scope: AttemptScope = {}) {
  return and(
    calendarScope(user),
    scope.eventId === undefined ? undefined : sql`(${event.id} = ${scope.eventId} or ${event.parentEventId} = ${scope.eventId})`,
    scope.alarmId === undefined ? undefined : eq(alarm.id, scope.alarmId),
    filters.outcome === undefined ? undefined : OUTCOME_WHERE[filters.outcome],
    filters.from === undefined ? undefined : gte(alarmRequest.date, filters.from),
    filters.to === undefined ? undefined : lt(alarmRequest.date, filters.to),
    searchCondition(filters.search, [nameText(event.data), event.title, calendar.name, alarm.alarmEmail],
      [alarm.alarmPhonenumber, alarm.phonenumberSmsFailure]),
  )
}

/** The attempt log, newest first, within the user's scope (deleted alarms, events and calendars included). */
export async function listAttempts(db: Db, user: AdminPrincipal, filters: ListFilters<AttemptOutcome>, limit: number, offset: number, scope?: AttemptScope) {
  const condition = where(user, filters, scope)
  // Counted apart: the per-row subqueries of `columns` then run for the page's rows only.
  const [total] = await db.select({ n: count() }).from(alarmRequest)
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId)).innerJoin(event, eq(event.id, alarm.eventId))
    .innerJoin(calendar, eq(calendar.id, event.calendarId)).leftJoin(call, eq(call.id, alarmRequest.callId))
    .where(condition)
  const rows = await base(db).where(condition).orderBy(desc(alarmRequest.date), desc(alarmRequest.id)).limit(limit).offset(offset)
  return { count: Number(total?.n ?? 0), rows }
}

export async function getAttempt(db: Db, user: AdminPrincipal, id: number): Promise<AttemptRow> {
  const [row] = await base(db).where(and(eq(alarmRequest.id, id), calendarScope(user)))
  if (!row) throw notFound('Reminder attempt')
  return row
}
