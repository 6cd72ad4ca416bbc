import { and, eq } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client.js'
import { alarm, ALARM_STATUS, AUDIT_ACTION, calendar, event, EVENT_STATUS, type Alarm } from '../../db/schema/index.js'
import { conflict, notFound } from '../../errors.js'
import { queueAttempt } from '../../alarms/plan/plan.js'
import { scheduleAlarms } from '../../alarms/plan/replan.js'
import type { AdminPrincipal } from '../session.js'
import { recordAudit } from './audit.js'
import { calendarScope } from './scope.js'

/**
 * What can be done to a reminder from the admin UI, each under the alarm's row lock, audited in the same
 * transaction: cancel one that is still waiting, or try again now (skip a retry's wait, or one more attempt after
 * it failed or came too late, while the appointment is still ahead).
 */
export const ALARM_ACTION = { cancel: 'cancel', tryNow: 'try-now' } as const
export type AlarmAction = (typeof ALARM_ACTION)[keyof typeof ALARM_ACTION]

const WAITING: number[] = [ALARM_STATUS.pending, ALARM_STATUS.retry]
const OVER: number[] = [ALARM_STATUS.failure, ALARM_STATUS.expired]

type Lockable = Pick<Alarm, 'status' | 'deletedAt'> & { eventStart: Date; eventStatus: number; eventDeletedAt: Date | null }

/** The actions this alarm allows now (the page offers exactly these). */
export function allowedActions(a: Lockable, now = new Date()): AlarmAction[] {
  if (a.deletedAt || a.eventDeletedAt) return []
  const actions: AlarmAction[] = []
  if (WAITING.includes(a.status)) actions.push(ALARM_ACTION.cancel)
  const ahead = a.eventStart.getTime() > now.getTime() && a.eventStatus !== EVENT_STATUS.paused
  if (ahead && (a.status === ALARM_STATUS.retry || OVER.includes(a.status))) actions.push(ALARM_ACTION.tryNow)
  return actions
}

async function lockAlarm(tx: Tx, user: AdminPrincipal, alarmId: number) {
  const [row] = await tx.select({ alarm, eventStart: event.start, eventStatus: event.status, eventDeletedAt: event.deletedAt })
    .from(alarm).innerJoin(event, eq(event.id, alarm.eventId)).innerJoin(calendar, eq(calendar.id, event.calendarId))
    .where(and(eq(alarm.id, alarmId), calendarScope(user))).for('update', { of: alarm })
  if (!row) throw notFound('Reminder')
  return { ...row.alarm, eventStart: row.eventStart, eventStatus: row.eventStatus, eventDeletedAt: row.eventDeletedAt }
}

export async function runAlarmAction(db: Db, user: AdminPrincipal, alarmId: number, action: AlarmAction, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const a = await lockAlarm(tx, user, alarmId)
    if (!allowedActions(a, now).includes(action)) {
      throw conflict(action === ALARM_ACTION.cancel
        ? 'This reminder is no longer waiting, so there is nothing to cancel.'
        : 'This reminder cannot be tried again now (it is not failed or waiting for a retry, or the appointment has begun).')
    }
    if (action === ALARM_ACTION.cancel) {
      await tx.update(alarm).set({ status: ALARM_STATUS.cancelled, updatedDate: now }).where(eq(alarm.id, a.id))
      await scheduleAlarms(tx, [a.id])
    } else {
      // As a retry: the attempt job checks the daily window and starts at once when inside it.
      await tx.update(alarm).set({ status: ALARM_STATUS.retry, updatedDate: now }).where(eq(alarm.id, a.id))
      await queueAttempt(tx, a.id, now)
    }
    await recordAudit(tx, user, {
      action: action === ALARM_ACTION.cancel ? AUDIT_ACTION.alarmCancelled : AUDIT_ACTION.alarmTriedNow,
      targetType: 'alarm', targetId: a.id, detail: { previous_status: a.status, event_id: a.eventId },
    })
  })
}
