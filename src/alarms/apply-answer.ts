// The one way an answer reaches an alarm, whatever carried it: a keypress during the call, a keypress whose request
// arrived after the call ended (even after its attempt was settled), a reply to a text, an admin's entry. The alarm's
// result is set, url_confirm / url_cancel is queued once, and the answer listeners (hooks.ts) hear it, all in the
// caller's transaction.
import { eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { alarm, alarmRequest, ALARM_RESULT, ALARM_STATUS, type Alarm } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { addJob } from '../queue/queue.js'
import type { AnswerSource } from './hooks.js'
import { unplanAttempt } from './plan/plan.js'

export interface AnswerInput {
  alarmRequestId: number
  /** ALARM_RESULT */
  result: number
  source: AnswerSource
  /** the calendar of the alarm's event, when the caller has it (passed on to the answer listeners) */
  calendarId?: number | null
}

/**
 * Applies an answer to the attempt's alarm; false when there is nothing to apply (no such attempt, no result, an alarm
 * cancelled or deleted) or the alarm already has this result (a replayed answer changes nothing, and its webhook is
 * keyed per attempt and kind). An alarm that had given up, or planned another attempt, was reached after all: it
 * succeeds, and the planned attempt is dropped.
 */
export async function applyAnswer(
  tx: Tx, deps: Pick<AppDeps, 'logger' | 'alarmHooks'>, input: AnswerInput, now = new Date(), locked?: Alarm, resultWritten = false,
): Promise<boolean> {
  if (input.result === ALARM_RESULT.none) return false
  // The alarm first, then the attempt: the order settling takes, so the two never wait on each other. A caller that
  // holds the attempt's alarm locked already (settling) hands it over instead, as it was before this answer; with
  // `resultWritten` it has also stored the result itself (in its own update of the alarm).
  const [row] = locked ? [{ alarm: locked, requestId: input.alarmRequestId }] : await tx.select({ alarm, requestId: alarmRequest.id })
    .from(alarmRequest)
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .where(eq(alarmRequest.id, input.alarmRequestId))
    .for('update', { of: alarm })
  if (!row || row.alarm.result === input.result) return false
  const a = row.alarm
  const log = deps.logger.child({ alarmId: a.id, alarmRequestId: row.requestId, result: input.result, source: input.source })
  if (a.deletedAt || a.status === ALARM_STATUS.cancelled) {
    log.info('answer for a cancelled alarm: not applied')
    return false
  }
  const reachedAfterAll = a.status === ALARM_STATUS.retry || a.status === ALARM_STATUS.failure
  if (!resultWritten || reachedAfterAll) {
    await tx.update(alarm).set({ result: input.result, ...(reachedAfterAll && { status: ALARM_STATUS.success }), updatedDate: now })
      .where(eq(alarm.id, a.id))
  }
  if (a.status === ALARM_STATUS.retry) {
    await unplanAttempt(tx, a.id)
    for (const hook of deps.alarmHooks.ended) await hook(tx, { alarmId: a.id, status: ALARM_STATUS.success, attempts: a.numAttempt, retriesUsedUp: false, at: now })
  }
  const kind = input.result === ALARM_RESULT.confirmed ? 'confirm' : input.result === ALARM_RESULT.cancelled ? 'cancel' : null
  const url = kind === 'confirm' ? a.urlConfirm : kind === 'cancel' ? a.urlCancel : null
  if (kind && url) await addJob(tx, 'alarm-webhook', { alarmRequestId: row.requestId, kind })
  log.info({ previous: a.result, reachedAfterAll }, 'answer applied')
  for (const listener of deps.alarmHooks.answered) {
    await listener(tx, {
      alarmId: a.id, alarmRequestId: row.requestId, result: input.result, source: input.source, attempt: a.numAttempt, at: now,
      ...(input.calendarId !== undefined && { calendarId: input.calendarId }),
    })
  }
  return true
}
