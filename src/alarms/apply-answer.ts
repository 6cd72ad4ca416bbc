// The one way an answer reaches an alarm, whatever carried it: a keypress during the call, a keypress whose request
// arrived after the call ended (even after its attempt was settled), a reply to a text, an admin. It sets the alarm's
// result, queues the url_confirm / url_cancel delivery once, and tells the answer listeners (registered at the top, in
// createDeps: e.g. the appointment the alarm reminds of), all in the caller's transaction.
import { eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { alarm, alarmRequest } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { addJob } from '../queue/queue.js'
import { ALARM_RESULT } from '../codes/alarm-result.js'
import { ALARM_STATUS } from '../codes/alarm-status.js'
import { unplanAttempt } from './plan/plan.js'

export type AnswerSource = 'call' | 'sms-reply' | 'admin'

export interface Answer {
  alarmId: number
  alarmRequestId: number
  eventId: number
  /** ALARM_RESULT */
  result: number
  source: AnswerSource
}

/** Told of every answer applied, in its transaction; they must not throw for what is not theirs. */
export type AnswerListener = (tx: Tx, answer: Answer) => Promise<void>

export type AnswerDeps = Pick<AppDeps, 'logger' | 'answerListeners'>

/**
 * Applies `result` to the alarm of attempt `alarmRequestId`. An answer already applied changes nothing (a replayed
 * request, a result set twice), so each delivery is queued once; its job is keyed per attempt and kind. An alarm that
 * had given up, or planned another attempt, was reached after all: it succeeds and the planned attempt is dropped.
 */
export async function applyAnswer(
  tx: Tx, deps: AnswerDeps, { alarmRequestId, result, source }: { alarmRequestId: number; result: number; source: AnswerSource },
): Promise<void> {
  if (result === ALARM_RESULT.none) return
  // The alarm first, then the attempt: the order settling takes, so the two never wait on each other.
  const [a] = await tx.select().from(alarm)
    .where(eq(alarm.id, tx.select({ id: alarmRequest.alarmId }).from(alarmRequest).where(eq(alarmRequest.id, alarmRequestId))))
    .for('update')
  if (!a) return
  const log = deps.logger.child({ alarmId: a.id, alarmRequestId, source, result })
  if (a.deletedAt || a.status === ALARM_STATUS.cancelled) {
    log.info('answer for a cancelled alarm: not applied')
    return
  }
  if (a.result === result) return
  const reachedAfterAll = a.status === ALARM_STATUS.retry || a.status === ALARM_STATUS.failure
  await tx.update(alarm).set({
    result,
    ...(reachedAfterAll && { status: ALARM_STATUS.success }),
    updatedDate: new Date(),
  }).where(eq(alarm.id, a.id))
  if (a.status === ALARM_STATUS.retry) await unplanAttempt(tx, a.id)
  log.info({ previous: a.result, reachedAfterAll }, 'answer applied')
  const kind = result === ALARM_RESULT.confirmed ? 'confirm' : result === ALARM_RESULT.cancelled ? 'cancel' : null
  const url = kind === 'confirm' ? a.urlConfirm : kind === 'cancel' ? a.urlCancel : null
  if (kind && url) await addJob(tx, 'alarm-webhook', { alarmRequestId, kind })
  for (const listener of deps.answerListeners) await listener(tx, { alarmId: a.id, alarmRequestId, eventId: a.eventId, result, source })
}
