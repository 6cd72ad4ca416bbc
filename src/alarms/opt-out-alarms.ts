// The alarms layer's opt-out listener (dialer/consent-hooks.ts, wired in src/app.ts): a number that went on the
// do-not-contact list has its organization's waiting alarms stopped at once — each gets a last attempt that never
// left, failed with reason `opted-out`, so the API and the appointment timeline say why — instead of each failing on
// the list when it comes due. Calls and texts already under way meet the list themselves (dial-call.ts, send-sms.ts).
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { alarm, alarmRequest, ALARM_STATUS, ATTEMPT_REASON, calendar, event, users } from '../db/schema/index.js'
import { AWAITING_ATTEMPT } from '../codes/alarm-status.js'
import type { ConsentChange } from '../dialer/consent-hooks.js'
import { unplanAttempt } from './plan/plan.js'
import type { SchedulerDeps } from './settle/settle.js'

export async function stopOptedOutAlarms(tx: Tx, deps: Pick<SchedulerDeps, 'alarmHooks' | 'logger'>, change: ConsentChange): Promise<number> {
  const rows = await tx.select({ alarm }).from(alarm)
    .innerJoin(event, eq(event.id, alarm.eventId))
    .innerJoin(calendar, eq(calendar.id, event.calendarId))
    .innerJoin(users, eq(users.id, calendar.userId))
    .where(and(
      eq(users.organizationId, change.organizationId),
      eq(alarm.alarmPhonenumber, change.phoneNumber),
      inArray(alarm.status, [...AWAITING_ATTEMPT]),
      isNull(alarm.deletedAt),
    ))
    .for('update', { of: alarm })
  for (const { alarm: a } of rows) {
    await unplanAttempt(tx, a.id)
    await tx.insert(alarmRequest).values({
      alarmId: a.id, date: change.at, status: ALARM_STATUS.failure, reason: ATTEMPT_REASON.optedOut, reasonDetail: change.reason,
    })
    await tx.update(alarm).set({ status: ALARM_STATUS.failure, updatedDate: change.at }).where(eq(alarm.id, a.id))
    for (const hook of deps.alarmHooks.ended) {
      await hook(tx, { alarmId: a.id, status: ALARM_STATUS.failure, attempts: a.numAttempt, retriesUsedUp: false, at: change.at })
    }
  }
  if (rows.length > 0) deps.logger.info({ organizationId: change.organizationId, stopped: rows.length, source: change.source }, 'alarms stopped: the number opted out')
  return rows.length
}
