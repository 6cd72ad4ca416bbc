import { and, count, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { alarm, alarmRequest, ALARM_METHOD, call, event, smsMessage } from '../../db/schema/index.js'
import { notFound } from '../../errors.js'
import type { ListFilters } from '../list.js'
import { MESSAGE_KIND, MESSAGE_OUTCOME_STATUSES, type MessageKind, type MessageOutcome } from '../message-words.js'
import type { AdminPrincipal } from '../session.js'
import { messageScope } from './scope.js'
import { nameText, searchCondition } from './search.js'

/** An SMS alarm's own text is its attempt's first message; any other text of an attempt is the failure fallback. */
const kind = sql<MessageKind>`case
  when ${smsMessage.direction} = 'inbound' then ${MESSAGE_KIND.reply}
  when ${smsMessage.alarmRequestId} is not null and ${alarm.method} = ${ALARM_METHOD.sms}
    and ${smsMessage.id} = (select min(s.id) from ${smsMessage} s where s.alarm_request_id = ${smsMessage.alarmRequestId}) then ${MESSAGE_KIND.reminder}
  when ${smsMessage.alarmRequestId} is not null then ${MESSAGE_KIND.fallback}
  when ${smsMessage.callId} is not null then ${MESSAGE_KIND.duringCall}
  else ${MESSAGE_KIND.other} end`

const callContextData = sql`(${call.context}->'data')`

const columns = {
  id: smsMessage.id, createdAt: smsMessage.createdAt, updatedAt: smsMessage.updatedAt, direction: smsMessage.direction,
  fromNumber: smsMessage.fromNumber, toNumber: smsMessage.toNumber, body: smsMessage.body, status: smsMessage.status,
  errorCode: smsMessage.errorCode, error: smsMessage.error, providerSid: smsMessage.providerSid,
  callId: smsMessage.callId, alarmRequestId: sql<number | null>`coalesce(${smsMessage.alarmRequestId}, ${call.alarmRequestId})`,
  kind, eventId: event.id, eventTitle: event.title,
  appointmentUuid: sql<string | null>`(select ap.uuid from appointment ap where ap.reminder_event_id = ${event.id})`, eventStart: event.start, eventData: event.data, callContext: call.context,
}

function base(db: Db) {
  return db.select(columns).from(smsMessage)
    .leftJoin(call, eq(call.id, smsMessage.callId))
    .leftJoin(alarmRequest, eq(alarmRequest.id, sql`coalesce(${smsMessage.alarmRequestId}, ${call.alarmRequestId})`))
    .leftJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .leftJoin(event, eq(event.id, alarm.eventId))
}
export type MessageRow = Awaited<ReturnType<typeof base>>[number]

function where(user: AdminPrincipal, filters: ListFilters<MessageOutcome>) {
  return and(
    messageScope(user),
    filters.outcome === undefined ? undefined : inArray(smsMessage.status, [...MESSAGE_OUTCOME_STATUSES[filters.outcome]]),
    filters.from === undefined ? undefined : gte(smsMessage.createdAt, filters.from),
    filters.to === undefined ? undefined : lt(smsMessage.createdAt, filters.to),
    searchCondition(filters.search, [nameText(event.data), nameText(callContextData), event.title, smsMessage.body],
      [smsMessage.toNumber, smsMessage.fromNumber]),
  )
}

/** Texts sent and received, newest first, in the user's scope. */
export async function listMessages(db: Db, user: AdminPrincipal, filters: ListFilters<MessageOutcome>, limit: number, offset: number) {
  const condition = where(user, filters)
  const [total] = await db.select({ n: count() }).from(smsMessage)
    .leftJoin(call, eq(call.id, smsMessage.callId))
    .leftJoin(alarmRequest, eq(alarmRequest.id, sql`coalesce(${smsMessage.alarmRequestId}, ${call.alarmRequestId})`))
    .leftJoin(alarm, eq(alarm.id, alarmRequest.alarmId)).leftJoin(event, eq(event.id, alarm.eventId)).where(condition)
  const rows = await base(db).where(condition).orderBy(desc(smsMessage.createdAt), desc(smsMessage.id)).limit(limit).offset(offset)
  return { count: Number(total?.n ?? 0), rows }
}

export async function getMessage(db: Db, user: AdminPrincipal, id: number): Promise<MessageRow> {
  const [row] = await base(db).where(and(eq(smsMessage.id, id), messageScope(user)))
  if (!row) throw notFound('Text')
  return row
}

/** The texts of an appointment's reminders (its own and its recurring children's). */
export async function eventMessages(db: Db, user: AdminPrincipal, eventId: number) {
  return base(db).where(and(messageScope(user), sql`(${event.id} = ${eventId} or ${event.parentEventId} = ${eventId})`))
    .orderBy(desc(smsMessage.createdAt), desc(smsMessage.id)).limit(200)
}
