// A reminder answered by text ("Reply 1 to confirm, 2 to cancel, 3 to reschedule", or C / R): it counts exactly like
// the keypress (apply-answer.ts), for the latest outstanding reminder texted to that number in that organization —
// one whose alarm has no answer yet, is not cancelled or deleted, and whose text and event are still current (the
// step's validity: the text's valid_until, the event's start).
import { and, desc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { alarm, alarmRequest, ALARM_RESULT, ALARM_STATUS, event, smsMessage } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { applyAnswer } from './apply-answer.js'

export interface SmsReply { organizationId: number; from: string; result: number; at: Date }

/** The attempt the answer was applied to, or null when no reminder to that number is waiting for one. */
export async function applySmsReply(tx: Tx, deps: Pick<AppDeps, 'logger' | 'alarmHooks'>, reply: SmsReply): Promise<number | null> {
  const [latest] = await tx.select({ requestId: alarmRequest.id }).from(smsMessage)
    .innerJoin(alarmRequest, eq(alarmRequest.id, smsMessage.alarmRequestId))
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .innerJoin(event, eq(event.id, alarm.eventId))
    .where(and(
      eq(smsMessage.organizationId, reply.organizationId),
      eq(smsMessage.direction, 'outbound'),
      eq(smsMessage.toNumber, reply.from),
      or(isNull(smsMessage.validUntil), gt(smsMessage.validUntil, reply.at)),
      gt(event.start, reply.at),
      isNull(alarm.deletedAt),
      isNull(event.deletedAt),
      ne(alarm.status, ALARM_STATUS.cancelled),
      eq(alarm.result, ALARM_RESULT.none),
      // Texts that never left (blocked, no gateway) asked nobody anything.
      sql`${smsMessage.status} not in ('blocked', 'failed', 'queued')`,
    ))
    .orderBy(desc(smsMessage.createdAt), desc(smsMessage.id)).limit(1)
  if (!latest) return null
  const applied = await applyAnswer(tx, deps, { alarmRequestId: latest.requestId, result: reply.result, source: 'sms-reply' }, reply.at)
  return applied ? latest.requestId : null
}
