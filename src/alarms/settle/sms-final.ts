import type { Tx } from '../../db/client.js'
import { addJob } from '../../queue/queue.js'

/**
 * Called wherever an sms_message reaches a final status (status callback, do-not-contact block, no gateway): the
 * message of an alarm attempt is settled now rather than at its delivery deadline. Harmless for other messages.
 */
export async function smsReachedFinalStatus(tx: Tx, sms: { id: number; alarmRequestId: number | null }): Promise<void> {
  if (sms.alarmRequestId === null) return
  await addJob(tx, 'sms-finished', { smsId: sms.id }, { jobKey: `sms-finished:${sms.id}`, maxAttempts: 10 })
}
