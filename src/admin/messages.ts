import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { outcomeCell } from './attempt-table.js'
import { CSV_BATCH, sendCsv } from './csv.js'
import { getMessage, listMessages, type MessageRow } from './data/messages.js'
import { formatTime, isoTime } from './format.js'
import { currentUser } from './guard.js'
import { html, type SafeHtml } from './html.js'
import { page, scrollTable, send, zoneNote } from './layout.js'
import { filterForm, ListQuery, PAGE_SIZE, pageNumber, pager, parseList } from './list.js'
import { MESSAGE_KIND_LABELS, MESSAGE_OUTCOMES, messageWords } from './message-words.js'
import { patientName } from './patient.js'
import type { AdminPrincipal } from './session.js'

const PATH = '/admin/messages'
const Id = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

const patientOf = (m: MessageRow) => patientName(m.eventData) ?? patientName((m.callContext as { data?: unknown } | null)?.data)
/** The patient's number: whom a text went to, or whom a reply came from. */
const numberOf = (m: MessageRow) => (m.direction === 'inbound' ? m.fromNumber : m.toNumber)
const preview = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text)

function appointmentCell(user: AdminPrincipal, m: MessageRow): SafeHtml {
  if (m.eventId === null) return html`<span class="muted">—</span>`
  return html`<a href="${m.appointmentUuid ? `/admin/appointments/${m.appointmentUuid}` : `/admin/events/${m.eventId}`}">${m.eventTitle}</a><br><span class="muted">${formatTime(m.eventStart, user.timezone)}</span>`
}

/** Texts as a table, each linking to its page and its appointment. */
export function messageTable(user: AdminPrincipal, rows: MessageRow[], caption: string): SafeHtml {
  return scrollTable(caption, html`<table><caption class="sr-only">${caption}</caption>
<thead><tr><th scope="col">When</th><th scope="col">Patient</th><th scope="col">Outcome</th><th scope="col">What</th><th scope="col">Text</th><th scope="col">Appointment</th><th scope="col">Number</th></tr></thead>
<tbody>${rows.map((m) => html`<tr>
<td class="when"><a href="/admin/messages/${m.id}">${formatTime(m.createdAt, user.timezone)}</a></td><td>${patientOf(m) ?? '—'}</td>
<td>${outcomeCell(messageWords(m))}</td><td>${MESSAGE_KIND_LABELS[m.kind]}</td><td>${preview(m.body)}</td>
<td>${appointmentCell(user, m)}</td><td class="nowrap">${numberOf(m)}</td></tr>`)}
${rows.length === 0 ? html`<tr><td colspan="7" class="muted">Nothing to show.</td></tr>` : ''}</tbody></table>`)
}

const CSV_HEADER = ['text_id', 'created', 'direction', 'kind', 'patient', 'number', 'from', 'to', 'appointment', 'body', 'outcome', 'error', 'reminder_attempt_id', 'call_id']

/** Every text sent or received: reminder texts, fallback texts after failed calls, texts a call script sent, replies. */
export async function messageRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: ListQuery }>('/messages', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const user = currentUser(request)
    const query = request.query
    const { filters, problems } = parseList(query, user.timezone, MESSAGE_OUTCOMES)
    if (query.format === 'csv' && problems.length === 0) {
      return sendCsv(reply, 'texts', CSV_HEADER, async (offset) => (await listMessages(db, user, filters, CSV_BATCH, offset)).rows.map((m) => [
        m.id, isoTime(m.createdAt, user.timezone), m.direction, MESSAGE_KIND_LABELS[m.kind], patientOf(m) ?? '', numberOf(m), m.fromNumber, m.toNumber,
        m.eventTitle ?? '', m.body, messageWords(m).text, m.error ?? '', m.alarmRequestId ?? '', m.callId ?? '',
      ]))
    }
    const pageNo = pageNumber(query.page)
    const { count, rows } = problems.length > 0 ? { count: 0, rows: [] } : await listMessages(db, user, filters, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>Texts</h1>
<p class="muted">Every text sent or received, newest first. ${zoneNote(user)}</p>
${problems.map((p) => html`<div class="error" role="alert">${p}</div>`)}
${filterForm(PATH, query, MESSAGE_OUTCOMES, 'Name, number or words')}
${messageTable(user, rows, 'Texts')}
${pager(PATH, query, pageNo, count)}`
    return send(reply, problems.length > 0 ? 400 : 200, page('Texts', user, body, PATH))
  })

  app.get<{ Params: { id: number } }>('/messages/:id', { schema: { hide: true, params: Id } }, async (request, reply) => {
    const user = currentUser(request)
    const m = await getMessage(db, user, request.params.id)
    const zone = user.timezone
    const who = patientOf(m)
    const body = html`<h1>${MESSAGE_KIND_LABELS[m.kind]} ${m.direction === 'inbound' ? 'from' : 'to'} ${who ?? numberOf(m)}</h1>
<p class="muted">${zoneNote(user)}</p>
<dl>
<dt>Outcome</dt><dd>${outcomeCell(messageWords(m))}</dd>
${m.error || m.errorCode ? html`<dt>Details</dt><dd>${m.error ?? ''}${m.errorCode ? ` (carrier code ${m.errorCode})` : ''}</dd>` : ''}
<dt>Text</dt><dd><pre>${m.body}</pre></dd>
<dt>Patient</dt><dd>${who ?? '—'}</dd>
<dt>From</dt><dd>${m.fromNumber || '—'}</dd><dt>To</dt><dd>${m.toNumber}</dd>
<dt>Appointment</dt><dd>${appointmentCell(user, m)}</dd>
${m.alarmRequestId === null ? '' : html`<dt>Reminder</dt><dd><a href="/admin/alarm-requests/${m.alarmRequestId}">The reminder attempt</a></dd>`}
${m.callId === null ? '' : html`<dt>Call</dt><dd><a href="/admin/calls/${m.callId}">The call that sent it</a></dd>`}
<dt>Created</dt><dd>${formatTime(m.createdAt, zone)}</dd>
<dt>Last update</dt><dd>${formatTime(m.updatedAt, zone)}</dd>
<dt>Carrier reference</dt><dd>${m.providerSid ?? '—'}</dd>
</dl>
<p><a href="${PATH}">← All texts</a></p>`
    return send(reply, 200, page('Text', user, body, PATH))
  })
}
