import { eq, sql } from 'drizzle-orm'
import type { Command, IvrEvent } from '../../../ivr/index.js'
import type { Tx } from '../../db/client.js'
import { call, smsMessage, surveyResult, type Call } from '../../db/schema/index.js'
import { addJob } from '../../jobs/queue.js'
import { addDoNotContact } from '../do-not-contact.js'

export const RESULT_CODE = { confirmed: 1, cancelled: 2, rescheduled: 3 } as const

/**
 * Writes what one IVR step produced, inside the step's transaction: answers, the result, opt-outs,
 * transfers, and texts to send (queued as jobs, sent after commit).
 */
export async function applyIvrEffects(tx: Tx, row: Call, events: IvrEvent[], commands: Command[]): Promise<void> {
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
      case 'result-set':
        await tx.update(call).set({ result: RESULT_CODE[event.result] }).where(eq(call.id, row.id))
        break
      case 'opted-out':
        await addDoNotContact(tx, {
          organizationId: row.organizationId, phoneNumber: row.toNumber, reason: `pressed opt-out at node ${event.node_id}`, source: 'ivr',
        })
        break
      case 'transferred':
        await tx.update(call).set({ transferredTo: event.number }).where(eq(call.id, row.id))
        break
      case 'survey-completed':
        break
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
    await addJob(tx, 'send-sms', { smsId: sms!.id }, { jobKey: `send-sms:${sms!.id}` })
  }
}
