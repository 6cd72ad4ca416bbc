import { sql } from 'drizzle-orm'
import type { Command, IvrEvent } from '../../ivr/index.js'
import type { Tx } from '../db/client.js'
import { smsMessage, surveyResult, type Call } from '../db/schema/index.js'
import { addJob } from '../queue/queue.js'
import { optOut, type ConsentDeps } from './do-not-contact.js'
import { ALARM_RESULT } from '../codes/alarm-result.js'

/** What one IVR step's events change on the call row itself (written with the step's own update of the row). */
export function ivrColumns(events: IvrEvent[]): Partial<Pick<Call, 'result' | 'transferredTo'>> {
  const columns: Partial<Pick<Call, 'result' | 'transferredTo'>> = {}
  for (const event of events) {
    if (event.type === 'result-set') columns.result = ALARM_RESULT[event.result]
    if (event.type === 'transferred') columns.transferredTo = event.number
  }
  return columns
}

/**
 * The survey_result rows one IVR step's answers make (columns named as in the table), the last per node as the
 * upserts one by one would leave them: one statement may not upsert a row twice.
 */
export function answerRows(events: IvrEvent[]) {
  const byNode = new Map<string, { node_id: string; response: string; recording_url: string | null; recording_duration: number | null }>()
  for (const event of events) {
    if (event.type !== 'answer-recorded') continue
    byNode.set(event.node_id, {
      node_id: event.node_id, response: event.response, recording_url: event.recording_url ?? null, recording_duration: event.recording_duration ?? null,
    })
  }
  return [...byNode.values()]
}

/**
 * Writes what else one IVR step produced, inside the step's transaction: answers, opt-outs, and texts to send (queued
 * as jobs, sent after commit).
 */
export async function applyIvrEffects(tx: Tx, deps: ConsentDeps, row: Call, events: IvrEvent[], commands: Command[]): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'answer-recorded':
        await tx.insert(surveyResult).values({
          callId: row.id,
          sealedSurveyId: row.sealedSurveyId,
          nodeId: event.node_id,
          response: event.response,
          recordingUrl: event.recording_url ?? null,
          recordingDuration: event.recording_duration ?? null,
        }).onConflictDoUpdate({
          target: [surveyResult.callId, surveyResult.nodeId],
          set: {
            response: sql`excluded.response`,
            recordingUrl: sql`excluded.recording_url`,
            recordingDuration: sql`excluded.recording_duration`,
          },
        })
        break
      case 'opted-out':
        await optOut(tx, deps, {
          organizationId: row.organizationId, phoneNumber: row.toNumber, reason: `pressed opt-out at node ${event.node_id}`, source: 'ivr',
        })
        break
      default:
        break // result-set and transferred: ivrColumns; survey-completed: nothing to store
    }
  }
  for (const command of commands) {
    if (command.type !== 'sms') continue
    const [sms] = await tx.insert(smsMessage).values({
      organizationId: row.organizationId,
      callId: row.id,
      fromNumber: row.fromNumber,
      toNumber: row.toNumber,
      body: command.text,
    }).returning({ id: smsMessage.id })
    await addJob(tx, 'send-sms', { smsId: sms!.id })
  }
}
