import type { FastifyInstance } from 'fastify'
import { callAnswers, getCall, listCalls } from '../dialer/call-requests.js'
import { CALLSTATUS_LABELS, formatDuration, formatTime, label, RESULT_LABELS } from './format.js'
import { currentUser } from './guard.js'
import { html } from './html.js'
import { page, PAGE_SIZE, pageNumber, pager, send } from './layout.js'

/** Calls, scoped like GET /rest-api/callrequest/ (visibleCalls): admins all, others their own and their users'. */
export async function callRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: { page?: string } }>('/calls', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const pageNo = pageNumber(request.query.page)
    const { count, rows } = await listCalls(db, user, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>Calls</h1>
<p class="muted">Newest first. Times in ${user.timezone}.</p>
<table><thead><tr><th>#</th><th>Created</th><th>To</th><th>From</th><th>Status</th><th>Answered by</th><th>Result</th><th class="num">Duration</th><th>Error</th></tr></thead>
<tbody>${rows.map((c) => html`<tr>
<td><a href="/admin/calls/${c.id}">#${c.id}</a></td><td>${formatTime(c.createdAt, user.timezone)}</td><td>${c.toNumber}</td><td>${c.fromNumber}</td>
<td>${label(CALLSTATUS_LABELS, c.callstatus)}</td><td>${c.answeredBy ?? '—'}</td><td>${label(RESULT_LABELS, c.result)}</td>
<td class="num">${formatDuration(c.duration)}</td><td>${c.error ?? ''}</td></tr>`)}
${rows.length === 0 ? html`<tr><td colspan="9" class="muted">No calls.</td></tr>` : ''}</tbody></table>
${pager('/admin/calls', request.query, pageNo, count)}`
    return send(reply, 200, page('Calls', user, body))
  })

  app.get<{ Params: { id: number } }>('/calls/:id', {
    schema: { hide: true, params: { type: 'object', properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } }, required: ['id'] } },
  }, async (request, reply) => {
    const user = currentUser(request)
    const c = await getCall(db, user, request.params.id)
    const answers = await callAnswers(db, [c.id])
    const zone = user.timezone
    const body = html`<h1>Call #${c.id}</h1>
<dl>
<dt>To</dt><dd>${c.toNumber}</dd><dt>From</dt><dd>${c.fromNumber}</dd>
<dt>Status</dt><dd>${label(CALLSTATUS_LABELS, c.callstatus)} <span class="muted">(${c.status})</span></dd>
<dt>Answered by</dt><dd>${c.answeredBy ?? '—'}</dd>
<dt>Result</dt><dd>${label(RESULT_LABELS, c.result)}</dd>
<dt>Transferred to</dt><dd>${c.transferredTo ?? '—'}</dd>
<dt>Alarm request</dt><dd>${c.alarmRequestId === null ? '—' : `#${c.alarmRequestId}`}</dd>
<dt>Provider SID</dt><dd>${c.providerSid ?? '—'}</dd>
<dt>Error</dt><dd>${c.error ?? '—'}</dd>
<dt>Created</dt><dd>${formatTime(c.createdAt, zone)}</dd>
<dt>Dialled</dt><dd>${formatTime(c.dialedAt, zone)}</dd>
<dt>Answered</dt><dd>${formatTime(c.answeredAt, zone)}</dd>
<dt>Ended</dt><dd>${formatTime(c.endedAt, zone)}</dd>
<dt>Duration</dt><dd>${formatDuration(c.duration)}</dd>
</dl>
<h2>Answers</h2>
<table><thead><tr><th>Node</th><th>Response</th><th>Recording</th><th>At</th></tr></thead>
<tbody>${answers.map((a) => html`<tr><td>${a.nodeId}</td><td>${a.response}</td>
<td>${a.recordingUrl && /^https?:\/\//i.test(a.recordingUrl) ? html`<a href="${a.recordingUrl}" rel="noreferrer">recording</a>${a.recordingDuration === null ? '' : ` (${formatDuration(a.recordingDuration)})`}` : a.recordingUrl ?? '—'}</td>
<td>${formatTime(a.createdAt, zone)}</td></tr>`)}
${answers.length === 0 ? html`<tr><td colspan="4" class="muted">No answers recorded.</td></tr>` : ''}</tbody></table>
<p><a href="/admin/calls">← All calls</a></p>`
    return send(reply, 200, page(`Call #${c.id}`, user, body))
  })
}
