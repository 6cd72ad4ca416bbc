import { and, count, desc, eq, gte, inArray, like, lt, notLike, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { alarm, alarmRequest, ALARM_RESULT, call, event, surveyResult, sealedSurvey } from '../../db/schema/index.js'
import { notFound } from '../../errors.js'
import { CallStatus } from '../../codes/call-status.js'
import type { CallOutcome } from '../call-words.js'
import type { ListFilters } from '../list.js'
import type { AdminPrincipal } from '../session.js'
import { callScope } from './scope.js'
import { nameText, searchCondition } from './search.js'

const contextData = sql`(${call.context}->'data')`

const columns = {
  id: call.id, createdAt: call.createdAt, toNumber: call.toNumber, fromNumber: call.fromNumber, status: call.status,
  callstatus: call.callstatus, answeredBy: call.answeredBy, amdBehavior: call.amdBehavior, result: call.result,
  transferredTo: call.transferredTo, duration: call.duration, error: call.error, dialedAt: call.dialedAt,
  answeredAt: call.answeredAt, endedAt: call.endedAt, providerSid: call.providerSid, context: call.context,
  sealedSurveyId: call.sealedSurveyId, alarmRequestId: call.alarmRequestId,
  eventId: event.id, eventTitle: event.title,
  appointmentUuid: sql<string | null>`(select ap.uuid from appointment ap where ap.reminder_event_id = ${event.id})`, eventStart: event.start, eventData: event.data,
}

function base(db: Db) {
  return db.select(columns).from(call)
    .leftJoin(alarmRequest, eq(alarmRequest.id, call.alarmRequestId))
    .leftJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .leftJoin(event, eq(event.id, alarm.eventId))
}
export type CallRow = Awaited<ReturnType<typeof base>>[number]

const optedOut = like(call.error, 'do-not-contact%')
const withResult = (code: number) => and(eq(call.callstatus, CallStatus.completed), eq(call.result, code))!

const OUTCOME_WHERE: Record<CallOutcome, SQL> = {
  confirmed: withResult(ALARM_RESULT.confirmed),
  cancelled: withResult(ALARM_RESULT.cancelled),
  reschedule: withResult(ALARM_RESULT.rescheduled),
  answered: withResult(ALARM_RESULT.none),
  busy: eq(call.callstatus, CallStatus.busy),
  'no-answer': eq(call.callstatus, CallStatus.noAnswer),
  failed: and(eq(call.callstatus, CallStatus.failed), or(sql`${call.error} is null`, notLike(call.error, 'do-not-contact%')))!,
  'opted-out': optedOut,
  withdrawn: eq(call.callstatus, CallStatus.canceled),
  'in-progress': inArray(call.callstatus, [CallStatus.queued, CallStatus.ringing, CallStatus.inProgress]),
}

function where(user: AdminPrincipal, filters: ListFilters<CallOutcome>) {
  return and(
    callScope(user),
    filters.outcome === undefined ? undefined : OUTCOME_WHERE[filters.outcome],
    filters.from === undefined ? undefined : gte(call.createdAt, filters.from),
    filters.to === undefined ? undefined : lt(call.createdAt, filters.to),
    searchCondition(filters.search, [nameText(contextData), nameText(event.data), event.title], [call.toNumber]),
  )
}

/** Calls, newest first, in the user's scope (services' call requests and the calls of reminders). */
export async function listCalls(db: Db, user: AdminPrincipal, filters: ListFilters<CallOutcome>, limit: number, offset: number) {
  const condition = where(user, filters)
  const [total] = await db.select({ n: count() }).from(call)
    .leftJoin(alarmRequest, eq(alarmRequest.id, call.alarmRequestId)).leftJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .leftJoin(event, eq(event.id, alarm.eventId)).where(condition)
  const rows = await base(db).where(condition).orderBy(desc(call.id)).limit(limit).offset(offset)
  return { count: Number(total?.n ?? 0), rows }
}

export async function getCall(db: Db, user: AdminPrincipal, id: number): Promise<CallRow> {
  const [row] = await base(db).where(and(eq(call.id, id), callScope(user)))
  if (!row) throw notFound('Call')
  return row
}

/** The call's answers, and the script it ran (to put the answers into the words the patient heard). */
export async function callTranscript(db: Db, c: Pick<CallRow, 'id' | 'sealedSurveyId'>) {
  const answers = await db.select().from(surveyResult).where(eq(surveyResult.callId, c.id)).orderBy(surveyResult.id)
  const [survey] = await db.select({ name: sealedSurvey.name, definition: sealedSurvey.definition })
    .from(sealedSurvey).where(eq(sealedSurvey.id, c.sealedSurveyId))
  return { answers, survey: survey ?? null }
}
