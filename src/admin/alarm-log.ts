import { and, count, desc, eq, gte, lt } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { DateTime } from 'luxon'
import type { Db } from '../db/client.js'
import { alarm, alarmRequest, calendar, event } from '../db/schema/index.js'
import { calendarUserScope } from '../calendar/scope.js'
import { CALLSTATUS_LABELS, formatDuration, formatTime, label, METHOD_LABELS, STATUS_LABELS } from './format.js'
import { html } from './html.js'
import { page, PAGE_SIZE, pageNumber, pager, send } from './layout.js'
import { currentUser } from './guard.js'
import type { AdminPrincipal } from './session.js'

interface LogFilters { status?: number; from?: Date; to?: Date }
type LogQuery = { status?: string; date_from?: string; date_to?: string; page?: string }

/** Query-string filters → conditions, or the problems to show above the table. */
function parseFilters(query: LogQuery, zone: string): { filters: LogFilters; problems: string[] } {
  const filters: LogFilters = {}
  const problems: string[] = []
  if (query.status) {
    const status = Number(query.status)
    if (STATUS_LABELS.has(status)) filters.status = status
    else problems.push(`status: "${query.status}" is not a known status`)
  }
  // Whole days in the organization's zone: "to" includes the day it names.
  const day = (field: string, value: string | undefined, endOfDay: boolean) => {
    if (!value) return undefined
    const at = DateTime.fromISO(value, { zone })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !at.isValid) {
      problems.push(`${field}: "${value}" is not a date (YYYY-MM-DD)`)
      return undefined
    }
    return (endOfDay ? at.plus({ days: 1 }) : at).toJSDate()
  }
  filters.from = day('date_from', query.date_from, false)
  filters.to = day('date_to', query.date_to, true)
  return { filters, problems }
}

/** The attempt log, newest first, within the caller's calendar scope (deleted alarms and events included). */
async function listAttempts(db: Db, user: AdminPrincipal, filters: LogFilters, offset: number) {
  const where = and(
    calendarUserScope(user, calendar.userId),
    filters.status === undefined ? undefined : eq(alarmRequest.status, filters.status),
    filters.from === undefined ? undefined : gte(alarmRequest.date, filters.from),
    filters.to === undefined ? undefined : lt(alarmRequest.date, filters.to),
  )
  const [total] = await db.select({ n: count() }).from(alarmRequest)
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .innerJoin(event, eq(event.id, alarm.eventId))
    .innerJoin(calendar, eq(calendar.id, event.calendarId))
    .where(where)
  const rows = await db.select({
    id: alarmRequest.id, date: alarmRequest.date, status: alarmRequest.status, callstatus: alarmRequest.callstatus,
    duration: alarmRequest.duration, callId: alarmRequest.callId, alarmId: alarm.id, method: alarm.method,
    eventId: event.id, eventTitle: event.title,
  }).from(alarmRequest)
    .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
    .innerJoin(event, eq(event.id, alarm.eventId))
    .innerJoin(calendar, eq(calendar.id, event.calendarId))
    .where(where)
    .orderBy(desc(alarmRequest.date), desc(alarmRequest.id))
    .limit(PAGE_SIZE).offset(offset)
  return { count: Number(total?.n ?? 0), rows }
}

export async function alarmLogRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: LogQuery }>('/', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const query = request.query
    const { filters, problems } = parseFilters(query, user.timezone)
    const pageNo = pageNumber(query.page)
    const { count, rows } = await listAttempts(db, user, filters, (pageNo - 1) * PAGE_SIZE)
    const statusOptions = [...STATUS_LABELS].map(([code, name]) =>
      html`<option value="${code}"${String(code) === query.status ? html` selected` : ''}>${name}</option>`)
    const body = html`<h1>Alarm requests</h1>
<p class="muted">Every attempt to deliver an alarm, newest first. Times in ${user.timezone}.</p>
${problems.map((p) => html`<div class="error">${p}</div>`)}
<form class="filters" method="get" action="/admin">
<label>Status<select name="status"><option value="">Any</option>${statusOptions}</select></label>
<label>From<input type="date" name="date_from" value="${query.date_from ?? ''}"></label>
<label>To<input type="date" name="date_to" value="${query.date_to ?? ''}"></label>
<button type="submit">Filter</button> <a href="/admin">Clear</a>
</form>
<table><thead><tr><th>#</th><th>Date</th><th>Event</th><th>Alarm</th><th>Method</th><th>Status</th><th>Call status</th><th class="num">Duration</th><th>Call</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td>${r.id}</td><td>${formatTime(r.date, user.timezone)}</td><td>${r.eventTitle} <span class="muted">#${r.eventId}</span></td>
<td>#${r.alarmId}</td><td>${label(METHOD_LABELS, r.method)}</td><td>${label(STATUS_LABELS, r.status)}</td>
<td>${label(CALLSTATUS_LABELS, r.callstatus)}</td><td class="num">${formatDuration(r.duration)}</td>
<td>${r.callId === null ? '—' : html`<a href="/admin/calls/${r.callId}">call #${r.callId}</a>`}</td>
</tr>`)}${rows.length === 0 ? html`<tr><td colspan="9" class="muted">No alarm requests.</td></tr>` : ''}</tbody></table>
${pager('/admin', query, pageNo, count)}`
    return send(reply, problems.length > 0 ? 400 : 200, page('Alarm requests', user, body))
  })
}
