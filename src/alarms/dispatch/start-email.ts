import { ATTEMPT_REASON } from '../../db/schema/index.js'
import { addJob } from '../../queue/queue.js'
import type { Starter } from './starters.js'

/** An e-mail alarm: the `send-alarm-email` job sends it after commit and settles the attempt (settle/send-alarm-email.ts). */
export const startEmail: Starter = async ({ tx, alarm: a, record, log }) => {
  if (!a.alarmEmail || !a.mailSubject || !a.mailText) {
    return { kind: 'failed', code: ATTEMPT_REASON.incompleteAlarm, reason: 'an e-mail alarm needs alarm_email, mail_subject and mail_text' }
  }
  const request = await record()
  await addJob(tx, 'send-alarm-email', { alarmRequestId: request.id })
  log.info({ alarmRequestId: request.id }, 'e-mail alarm queued')
  return { kind: 'queued' }
}
