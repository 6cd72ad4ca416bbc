import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { failureReason } from '../alarms/failure-reason.js'
import { ALARM_NOTICES, alarmActions } from './alarm-panel.js'
import { appointmentHref, attemptTable, contactOf, outcomeCell } from './attempt-table.js'
import { ALARM_ACTION, runAlarmAction, type AlarmAction } from './data/alarm-actions.js'
import { getAttempt, listAttempts } from './data/attempts.js'
import { listAlarms } from './data/events.js'
import { formatDuration, formatTime, label, METHOD_LABELS } from './format.js'
import { currentUser } from './guard.js'
import { html } from './html.js'
import { page, send, zoneNote } from './layout.js'
import { safeNext } from './login.js'
import { attemptWords } from './outcome.js'
import { patientName } from './patient.js'

const Id = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

/** One attempt in full, the reminder's other attempts, and the actions its reminder allows. */
export async function alarmRequestDetailRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Params: { id: number }; Querystring: { notice?: string } }>('/alarm-requests/:id', {
    schema: { hide: true, params: Id, querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 40 })) }) },
  }, async (request, reply) => {
    const user = currentUser(request)
    const r = await getAttempt(db, user, request.params.id)
    const [state] = await listAlarms(db, user, { alarmId: r.alarmId })
    const others = await listAttempts(db, user, {}, 100, 0, { alarmId: r.alarmId })
    const zone = user.timezone
    const who = patientName(r.eventData)
    const notice = ALARM_NOTICES[request.query.notice ?? '']
    const self = `/admin/alarm-requests/${r.id}`
    const details = r.reason || r.reasonDetail ? failureReason(r.reason, r.reasonDetail) : null
    const body = html`<h1>${label(METHOD_LABELS, r.method)} reminder to ${who ?? contactOf(r)}</h1>
<p class="muted">${zoneNote(user)}</p>
${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
<dl>
<dt>Outcome</dt><dd>${outcomeCell(attemptWords(r, zone))}</dd>
${details ? html`<dt>Details</dt><dd>${details}</dd>` : ''}
<dt>When</dt><dd>${formatTime(r.date, zone)}</dd>
<dt>Patient</dt><dd>${who ?? '—'}</dd>
<dt>Number</dt><dd>${contactOf(r)}</dd>
<dt>Appointment</dt><dd><a href="${appointmentHref(r)}">${r.eventTitle}</a>, ${formatTime(r.eventStart, zone)}</dd>
<dt>Calendar</dt><dd>${r.calendarName}</dd>
<dt>Attempt</dt><dd>${r.attemptNo} of ${r.maxretry + 1}</dd>
${r.retryAt ? html`<dt>Next attempt</dt><dd>${formatTime(r.retryAt, zone)}</dd>` : ''}
${r.callExists ? html`<dt>Call</dt><dd><a href="/admin/calls/${r.callId}">The call and what the patient heard</a> (${formatDuration(r.duration)})</dd>` : ''}
${r.smsId === null ? '' : html`<dt>Text</dt><dd><a href="/admin/messages/${r.smsId}">The text sent</a></dd>`}
${r.fallbackSmsId === null ? '' : html`<dt>Fallback text</dt><dd><a href="/admin/messages/${r.fallbackSmsId}">Sent to ${r.fallbackPhone ?? 'the fallback number'}</a></dd>`}
</dl>
${state ? alarmActions(user, state, self) : ''}
<h2>All attempts of this reminder</h2>
${attemptTable(user, others.rows, 'All attempts of this reminder')}
<p><a href="/admin/alarm-requests">← All reminders</a></p>`
    return send(reply, 200, page('Reminder attempt', user, body, '/admin/alarm-requests'))
  })

  const ActionParams = Type.Object({
    id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    action: Type.Union([Type.Literal(ALARM_ACTION.cancel), Type.Literal(ALARM_ACTION.tryNow)]),
  })
  app.post<{ Params: { id: number; action: AlarmAction }; Body: { back?: string } }>('/alarms/:id/:action', {
    schema: { hide: true, params: ActionParams },
  }, async (request, reply) => {
    const user = currentUser(request)
    const { id, action } = request.params
    await runAlarmAction(db, user, id, action)
    const back = safeNext(request.body?.back)
    const notice = action === ALARM_ACTION.cancel ? 'cancelled' : 'try-now'
    return reply.redirect(`${back.split('?')[0]}?notice=${notice}`, 303)
  })
}
