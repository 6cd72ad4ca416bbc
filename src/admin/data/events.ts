import { and, asc, eq, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { alarm, alarmSchedule, calendar, event } from '../../db/schema/index.js'
import { notFound } from '../../errors.js'
import type { AdminPrincipal } from '../session.js'
import { calendarScope } from './scope.js'

/** An event (an appointment on a calendar) within the user's scope, deleted ones included: their log stays readable. */
export async function getEvent(db: Db, user: AdminPrincipal, id: number) {
  const [row] = await db.select({
    event, calendarName: calendar.name,
    appointmentUuid: sql<string | null>`(select ap.uuid from appointment ap where ap.reminder_event_id = ${event.id})`,
  }).from(event)
    .innerJoin(calendar, eq(calendar.id, event.calendarId)).where(and(eq(event.id, id), calendarScope(user)))
  if (!row) throw notFound('Appointment')
  return { ...row.event, calendarName: row.calendarName, appointmentUuid: row.appointmentUuid }
}

/**
 * When the alarm's next attempt is planned: its queued job (keyed as alarmJobKey in scheduler/plan.ts), or its row
 * in alarm_schedule beyond the horizon.
 */
const plannedAt = sql<Date | null>`coalesce(
  (select j.run_at from graphile_worker.jobs j where j.key = 'alarm:' || ${alarm.id}::text and j.attempts < j.max_attempts),
  ${alarmSchedule.dueAt})`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v)))

/** The alarms of an event and of its recurring children, or one alarm, with what they allow now. */
export async function listAlarms(db: Db, user: AdminPrincipal, where: { eventId?: number; alarmId?: number }) {
  return db.select({
    id: alarm.id, method: alarm.method, status: alarm.status, result: alarm.result, deletedAt: alarm.deletedAt,
    phone: alarm.alarmPhonenumber, email: alarm.alarmEmail, fallbackPhone: alarm.phonenumberSmsFailure,
    numAttempt: alarm.numAttempt, maxretry: alarm.maxretry, dateStartNotice: alarm.dateStartNotice, plannedAt,
    eventId: event.id, eventTitle: event.title, eventStart: event.start, eventStatus: event.status, eventDeletedAt: event.deletedAt,
  }).from(alarm)
    .innerJoin(event, eq(event.id, alarm.eventId)).innerJoin(calendar, eq(calendar.id, event.calendarId))
    .leftJoin(alarmSchedule, eq(alarmSchedule.alarmId, alarm.id))
    .where(and(
      calendarScope(user),
      where.eventId === undefined ? undefined : or(eq(event.id, where.eventId), eq(event.parentEventId, where.eventId)),
      where.alarmId === undefined ? undefined : eq(alarm.id, where.alarmId),
    ))
    .orderBy(asc(event.start), asc(alarm.id))
}
export type AlarmState = Awaited<ReturnType<typeof listAlarms>>[number]
