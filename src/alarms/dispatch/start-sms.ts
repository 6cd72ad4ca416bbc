import { ATTEMPT_REASON, smsMessage } from '../../db/schema/index.js'
import { addJob } from '../../queue/queue.js'
import { fillText } from '../texts.js'
import type { Starter } from './starters.js'

/** An SMS alarm: its text is stored and queued; it is settled when its message ends, or at its delivery deadline. */
export const startSms: Starter = async ({ tx, deps, alarm: a, event: ev, owner, record, now, log }) => {
  if (!a.alarmPhonenumber || !a.smsTemplate) return { kind: 'failed', code: ATTEMPT_REASON.incompleteAlarm, reason: 'an SMS alarm needs alarm_phonenumber and sms_template' }
  const request = await record()
  const [sms] = await tx.insert(smsMessage).values({
    organizationId: owner.organizationId,
    smsGatewayId: owner.setting?.smsGatewayId ?? null,
    alarmRequestId: request.id,
    fromNumber: owner.setting?.callerid ?? '',
    toNumber: a.alarmPhonenumber,
    body: fillText(a.smsTemplate, ev),
    // A reminder is of no use once its event has started: the carrier drops it if it is still queued then.
    validUntil: ev.start,
  }).returning({ id: smsMessage.id })
  await addJob(tx, 'send-sms', { smsId: sms!.id })
  // The delivery deadline; a final status brings this job forward (the dialer reports it: settle/dialer-outcomes.ts).
  await addJob(tx, 'sms-finished', { smsId: sms!.id }, { runAt: new Date(now.getTime() + deps.config.smsDeliveryDeadline * 1000) })
  log.info({ alarmRequestId: request.id, smsId: sms!.id }, 'SMS alarm queued')
  return { kind: 'queued' }
}
