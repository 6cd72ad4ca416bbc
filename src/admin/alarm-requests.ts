import type { FastifyInstance } from 'fastify'
import { ATTEMPT_CSV_HEADER, attemptCsvRow, attemptTable } from './attempt-table.js'
import { CSV_BATCH, sendCsv } from './csv.js'
import { listAttempts } from './data/attempts.js'
import { currentUser } from './guard.js'
import { html } from './html.js'
import { page, send, zoneNote } from './layout.js'
import { filterForm, ListQuery, PAGE_SIZE, pageNumber, pager, parseList } from './list.js'
import { ATTEMPT_OUTCOMES } from './outcome.js'

const PATH = '/admin/alarm-requests'

/** The reminder log: every attempt to call, text or e-mail a patient, newest first, searchable and exportable. */
export async function alarmRequestRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: ListQuery }>('/alarm-requests', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const user = currentUser(request)
    const query = request.query
    const { filters, problems } = parseList(query, user.timezone, ATTEMPT_OUTCOMES)
    if (query.format === 'csv' && problems.length === 0) {
      const now = new Date()
      return sendCsv(reply, 'reminders', ATTEMPT_CSV_HEADER, async (offset) =>
        (await listAttempts(db, user, filters, CSV_BATCH, offset)).rows.map((r) => attemptCsvRow(user, r, now)))
    }
    const pageNo = pageNumber(query.page)
    const { count, rows } = problems.length > 0 ? { count: 0, rows: [] } : await listAttempts(db, user, filters, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>Reminders</h1>
<p class="muted">Every attempt to call, text or e-mail a patient, newest first. ${zoneNote(user)}${user.role === 'manager'
    ? ' You see the reminders of the calendar users you manage.' : user.role === 'calendar_user' ? ' You see the reminders of your own calendars.' : ''}</p>
${problems.map((p) => html`<div class="error" role="alert">${p}</div>`)}
${filterForm(PATH, query, ATTEMPT_OUTCOMES, 'Name, number or appointment')}
${attemptTable(user, rows, 'Reminder attempts')}
${pager(PATH, query, pageNo, count)}`
    return send(reply, problems.length > 0 ? 400 : 200, page('Reminders', user, body, PATH))
  })
}
