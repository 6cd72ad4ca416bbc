import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { outcomeCell } from './attempt-table.js'
import { answeredByWords, answerWords, CALL_OUTCOMES, callWords } from './call-words.js'
import { CSV_BATCH, sendCsv } from './csv.js'
import { callTranscript, getCall, listCalls, type CallRow } from './data/calls.js'
import { formatDuration, formatTime, isoTime } from './format.js'
import { currentUser } from './guard.js'
import { html, type SafeHtml } from './html.js'
import { page, scrollTable, send, zoneNote } from './layout.js'
import { filterForm, ListQuery, PAGE_SIZE, pageNumber, pager, parseList } from './list.js'
import { patientName } from './patient.js'
import type { AdminPrincipal } from './session.js'

const PATH = '/admin/calls'
const Id = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

/** The patient: the appointment's data for a reminder call, else the data the call request was given. */
const patientOf = (c: CallRow) => patientName(c.eventData) ?? patientName((c.context as { data?: unknown } | null)?.data)

function appointmentCell(user: AdminPrincipal, c: CallRow): SafeHtml {
  if (c.eventId === null) return html`<span class="muted">Call request (no appointment)</span>`
  return html`<a href="${c.appointmentUuid ? `/admin/appointments/${c.appointmentUuid}` : `/admin/events/${c.eventId}`}">${c.eventTitle}</a><br><span class="muted">${formatTime(c.eventStart, user.timezone)}</span>`
}

const CSV_HEADER = ['call_id', 'created', 'patient', 'to', 'from', 'appointment', 'appointment_start', 'outcome', 'answered_by', 'duration_seconds', 'error', 'reminder_attempt_id']

/** Calls, in the scope of the API's call requests plus the calls of reminders in the user's scope. */
export async function callRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: ListQuery }>('/calls', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const user = currentUser(request)
    const query = request.query
    const { filters, problems } = parseList(query, user.timezone, CALL_OUTCOMES)
    const zone = user.timezone
    if (query.format === 'csv' && problems.length === 0) {
      return sendCsv(reply, 'calls', CSV_HEADER, async (offset) => (await listCalls(db, user, filters, CSV_BATCH, offset)).rows.map((c) => [
        c.id, isoTime(c.createdAt, zone), patientOf(c) ?? '', c.toNumber, c.fromNumber, c.eventTitle ?? '', isoTime(c.eventStart, zone),
        callWords(c).text, answeredByWords(c.answeredBy, c.answeredAt), c.duration, c.error ?? '', c.alarmRequestId ?? '',
      ]))
    }
    const pageNo = pageNumber(query.page)
    const { count, rows } = problems.length > 0 ? { count: 0, rows: [] } : await listCalls(db, user, filters, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>Calls</h1>
<p class="muted">Every call placed, newest first: reminder calls and calls requested through the API. ${zoneNote(user)}</p>
${problems.map((p) => html`<div class="error" role="alert">${p}</div>`)}
${filterForm(PATH, query, CALL_OUTCOMES, 'Name, number or appointment')}
${scrollTable('Calls', html`<table><caption class="sr-only">Calls</caption>
<thead><tr><th scope="col">When</th><th scope="col">Patient</th><th scope="col">Outcome</th><th scope="col">Appointment</th><th scope="col">Number</th><th scope="col" class="num">Length</th></tr></thead>
<tbody>${rows.map((c) => html`<tr>
<td class="when"><a href="/admin/calls/${c.id}">${formatTime(c.createdAt, zone)}</a></td><td>${patientOf(c) ?? '—'}</td>
<td>${outcomeCell(callWords(c))}</td><td>${appointmentCell(user, c)}</td><td class="nowrap">${c.toNumber}</td>
<td class="num">${formatDuration(c.duration)}</td></tr>`)}
${rows.length === 0 ? html`<tr><td colspan="6" class="muted">Nothing to show.</td></tr>` : ''}</tbody></table>`)}
${pager(PATH, query, pageNo, count)}`
    return send(reply, problems.length > 0 ? 400 : 200, page('Calls', user, body, PATH))
  })

  app.get<{ Params: { id: number } }>('/calls/:id', { schema: { hide: true, params: Id } }, async (request, reply) => {
    const user = currentUser(request)
    const c = await getCall(db, user, request.params.id)
    const { answers, survey } = await callTranscript(db, c)
    const zone = user.timezone
    const who = patientOf(c)
    const body = html`<h1>Call to ${who ?? c.toNumber}</h1>
<p class="muted">${zoneNote(user)}</p>
<dl>
<dt>Outcome</dt><dd>${outcomeCell(callWords(c))}</dd>
${c.error ? html`<dt>Details</dt><dd>${c.error}</dd>` : ''}
<dt>Patient</dt><dd>${who ?? '—'}</dd>
<dt>Number</dt><dd>${c.toNumber}</dd>
<dt>Appointment</dt><dd>${appointmentCell(user, c)}</dd>
${c.alarmRequestId === null ? '' : html`<dt>Reminder</dt><dd><a href="/admin/alarm-requests/${c.alarmRequestId}">The reminder attempt this call made</a></dd>`}
<dt>Answered by</dt><dd>${answeredByWords(c.answeredBy, c.answeredAt)}</dd>
${c.transferredTo ? html`<dt>Put through to</dt><dd>${c.transferredTo}</dd>` : ''}
<dt>Call script</dt><dd>${survey?.name ?? '—'}</dd>
<dt>Created</dt><dd>${formatTime(c.createdAt, zone)}</dd>
<dt>Dialled</dt><dd>${formatTime(c.dialedAt, zone)}</dd>
<dt>Answered</dt><dd>${formatTime(c.answeredAt, zone)}</dd>
<dt>Ended</dt><dd>${formatTime(c.endedAt, zone)}</dd>
<dt>Length</dt><dd>${formatDuration(c.duration)}</dd>
<dt>Caller number</dt><dd>${c.fromNumber}</dd>
<dt>Carrier reference</dt><dd>${c.providerSid ?? '—'}</dd>
</dl>
<h2>What the patient heard and did</h2>
${scrollTable('Answers', html`<table><caption class="sr-only">Answers</caption>
<thead><tr><th scope="col">Asked</th><th scope="col">Answer</th><th scope="col">Then heard</th><th scope="col">At</th></tr></thead>
<tbody>${answers.map((a) => {
    const words = answerWords(survey?.definition, c.context, a.nodeId, a.response)
    return html`<tr><td>${words.asked}</td><td>${words.answer}${a.recordingUrl && /^https?:\/\//i.test(a.recordingUrl)
      ? html`<br><a href="${a.recordingUrl}" rel="noreferrer">Recording</a>${a.recordingDuration === null ? '' : ` (${formatDuration(a.recordingDuration)})`}` : ''}</td>
<td>${words.reply ?? '—'}</td><td class="nowrap">${formatTime(a.createdAt, zone)}</td></tr>`
  })}
${answers.length === 0 ? html`<tr><td colspan="4" class="muted">No answers were given on this call.</td></tr>` : ''}</tbody></table>`)}
<p><a href="/admin/calls">← All calls</a></p>`
    return send(reply, 200, page('Call', user, body, PATH))
  })
}
