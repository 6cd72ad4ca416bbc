// The one way an answer reaches an alarm — a keypress at the end of a call, a reply to a text, an admin's entry: the
// alarm's result is set, url_confirm / url_cancel is queued once, and the answer listeners (hooks.ts) hear it, all in
// the caller's transaction.
import { eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { alarm, alarmRequest, ALARM_RESULT } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { addJob } from '../queue/queue.js'
import type { AnswerSource } from './hooks.js'

export interface AnswerInput {
  alarmRequestId: number
  /** ALARM_RESULT */
  result: number
  source: AnswerSource
}

/**
 * Applies an answer to the attempt's alarm; false when there is nothing to apply (no such attempt, no result) or the
 * alarm already has this result (a replayed answer changes nothing, and its webhook is keyed per attempt).
 */
export async function applyAnswer(tx: Tx, deps: Pick<AppDeps, 'logger' | 'alarmHooks'>, input: AnswerInput, now = new Date()): Promise<boolean> {
  if (input.result === ALARM_RESULT.none) return false
  const [row] = await tx.select({ alarm, requestId: alarmRequest.id }).from(alarmRequest)
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .where(eq(alarmRequest.id, input.alarmRequestId))
    .for('update', { of: alarm })
  if (!row || row.alarm.result === input.result) return false
  const a = row.alarm
  await tx.update(alarm).set({ result: input.result, updatedDate: now }).where(eq(alarm.id, a.id))
  const kind = input.result === ALARM_RESULT.confirmed ? 'confirm' : input.result === ALARM_RESULT.cancelled ? 'cancel' : null
  const url = kind === 'confirm' ? a.urlConfirm : kind === 'cancel' ? a.urlCancel : null
  if (kind && url) await addJob(tx, 'alarm-webhook', { alarmRequestId: row.requestId, kind })
  deps.logger.info({ alarmId: a.id, alarmRequestId: row.requestId, result: input.result, source: input.source }, 'answer applied')
  for (const listener of deps.alarmHooks.answered) {
    await listener(tx, { alarmId: a.id, alarmRequestId: row.requestId, result: input.result, source: input.source, attempt: a.numAttempt, at: now })
  }
  return true
}
