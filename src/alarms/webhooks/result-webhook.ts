// The `alarm-webhook` job: tells the integrator what the callee answered — confirmed → POST url_confirm, cancelled →
// POST url_cancel — as signed JSON (webhook-signature.ts). A network error, a timeout, 408, 429 or 5xx throws, so
// graphile-worker retries with exponential backoff (12 attempts, about 17 hours); any other answer, or a target the
// outbound URL policy refuses (kit/outbound-url.ts: internal addresses unless OUTBOUND_URL_ALLOW names them), ends the
// delivery (logged and counted). Newfies stored the result and did nothing with it.
import { eq } from 'drizzle-orm'
import { alarm, alarmRequest, ALARM_RESULT, call, event } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { OutboundRefused, type PostResult } from '../../kit/outbound-url.js'
import { METHOD_NAME } from '../settle/settle.js'
import { nameOf } from '../../codes/codes.js'
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from './webhook-signature.js'

export function createAlarmWebhook(deps: AppDeps) {
  const { db, config, logger, scheduler, outbound } = deps
  return async function alarmWebhook({ alarmRequestId, kind }: { alarmRequestId: number; kind: 'confirm' | 'cancel' }): Promise<void> {
    const [row] = await db.select({ request: alarmRequest, alarm, event }).from(alarmRequest)
      .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId)).innerJoin(event, eq(event.id, alarm.eventId))
      .where(eq(alarmRequest.id, alarmRequestId))
    if (!row) return
    const { request, alarm: a, event: ev } = row
    const url = kind === 'confirm' ? a.urlConfirm : a.urlCancel
    const log = logger.child({ alarmId: a.id, alarmRequestId, callId: request.callId, kind })
    if (!url) return
    const [c] = request.callId === null ? [] : await db.select({ id: call.id, sid: call.providerSid, duration: call.duration })
      .from(call).where(eq(call.id, request.callId))
    const name = kind === 'confirm' ? 'alarm.confirmed' : 'alarm.cancelled'
    const result = kind === 'confirm' ? ALARM_RESULT.confirmed : ALARM_RESULT.cancelled
    const delivery = `alarm-request-${alarmRequestId}-${kind}`
    const body = JSON.stringify({
      type: name,
      delivery,
      alarm: {
        id: a.id,
        event: a.eventId,
        method: METHOD_NAME[a.method] ?? 'call',
        result,
        result_label: nameOf(ALARM_RESULT, result),
        date_start_notice: a.dateStartNotice.toISOString(),
        alarm_phonenumber: a.alarmPhonenumber,
        alarm_email: a.alarmEmail,
        num_attempt: a.numAttempt,
        timezone: a.timezone,
      },
      event: {
        id: ev.id, title: ev.title, start: ev.start.toISOString(), end: ev.end.toISOString(), timezone: ev.timezone,
        parent_event: ev.parentEventId, data: ev.data ?? null,
      },
      alarm_request: { id: request.id, date: request.date.toISOString(), duration: request.duration },
      call: c ? { id: c.id, sid: c.sid, duration: c.duration } : null,
      sent_at: new Date().toISOString(),
    })
    let answer: PostResult
    try {
      answer = await outbound.postJson(url, body, {
        [SIGNATURE_HEADER]: signWebhook(config.secretKey, body),
        [DELIVERY_HEADER]: delivery,
        [EVENT_HEADER]: name,
      })
    } catch (err) {
      if (err instanceof OutboundRefused) {
        scheduler.webhooks.inc({ outcome: 'refused' })
        log.warn({ url, reason: err.message }, 'webhook target refused by the outbound URL policy')
        return
      }
      scheduler.webhooks.inc({ outcome: 'retry' })
      log.warn({ url, err }, 'webhook failed; will retry')
      throw err
    }
    if (answer.status >= 200 && answer.status < 300) {
      scheduler.webhooks.inc({ outcome: 'delivered' })
      log.info({ url, status: answer.status }, 'webhook delivered')
      return
    }
    if (answer.status === 408 || answer.status === 429 || answer.status >= 500) {
      scheduler.webhooks.inc({ outcome: 'retry' })
      throw new Error(`webhook ${url} answered ${answer.status}; will retry`)
    }
    scheduler.webhooks.inc({ outcome: 'rejected' })
    log.warn({ url, status: answer.status, body: answer.body.slice(0, 200) }, 'webhook rejected by the receiver; not retried')
  }
}
