import type { FastifyInstance } from 'fastify'
import type { ConfirmationStatus } from '../db/schema/index.js'
import { outcomeCell } from './attempt-table.js'
import { CONFIRMATION_OUTCOMES, confirmationWords } from './confirmation.js'
import { CSV_BATCH, sendCsv } from './csv.js'
import { confirmationCounts, listAppointments, type AppointmentRow } from './data/appointments.js'
import { formatTime, isoTime } from './format.js'
import { currentUser } from './guard.js'
import { html, type SafeHtml } from './html.js'
import { page, scrollTable, send, zoneNote } from './layout.js'
import { filterForm, listHref, ListQuery, PAGE_SIZE, pageNumber, pager, parseList } from './list.js'

const PATH = '/admin/appointments'

/** The number a call or text goes to (the mobile first, as the reminders choose it), and any others. */
export function phonesText(phones: { type?: string; number: string }[] | null): string {
  if (!phones || phones.length === 0) return '—'
  return phones.map((p) => (p.type ? `${p.number} (${p.type})` : p.number)).join(', ')
}

/** "Checkup" when the appointment has no name: its types say what it is. */
export const appointmentTitle = (a: { name: string; type: string[] }) => a.name.trim() || a.type.join(', ') || 'Appointment'

function reminderCell(user: { timezone: string }, r: AppointmentRow): SafeHtml {
  if (!r.remindersEnabled) return html`<span class="muted">Reminders off</span>`
  const plan = r.planName ?? 'Default plan'
  return html`${plan}${r.nextDue ? html`<br><span class="muted">next ${formatTime(r.nextDue, user.timezone)}</span>` : ''}`
}

/** The counts above the list: each a link to the list of that status (with the same search and dates). */
function countsLine(query: ListQuery, counts: Map<ConfirmationStatus, number>): SafeHtml {
  return html`<ul class="counts" aria-label="Appointments by confirmation status">${[...CONFIRMATION_OUTCOMES].map(([status, words]) => html`<li>
<a href="${listHref(PATH, query, { outcome: status, page: undefined, format: undefined })}">${words}: <strong>${counts.get(status) ?? 0}</strong></a></li>`)}</ul>`
}

/** Every CRM appointment with its patient and confirmation status, searchable, filterable and exportable. */
export async function appointmentListRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: ListQuery }>('/appointments', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const user = currentUser(request)
    const query = request.query
    const { filters, problems } = parseList(query, user.timezone, CONFIRMATION_OUTCOMES)
    if (query.format === 'csv' && problems.length === 0) {
      return sendCsv(reply, 'appointments', ['appointment_uuid', 'start', 'end', 'appointment', 'patient', 'phones', 'confirmation', 'confirmation_changed', 'reminders', 'next_reminder'],
        async (offset) => (await listAppointments(db, user, filters, CSV_BATCH, offset)).rows.map((r) => [
          r.uuid, isoTime(r.start, user.timezone), isoTime(r.end, user.timezone), appointmentTitle(r), r.contactName ?? '', phonesText(r.phones),
          confirmationWords(r.status).text, isoTime(r.statusChangedAt, user.timezone), r.remindersEnabled ? r.planName ?? 'Default plan' : 'off',
          isoTime(r.nextDue, user.timezone),
        ]))
    }
    const pageNo = pageNumber(query.page)
    const empty = { count: 0, rows: [] as AppointmentRow[] }
    const [{ count, rows }, counts] = problems.length > 0 ? [empty, new Map()] : await Promise.all([
      listAppointments(db, user, filters, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE), confirmationCounts(db, user, filters),
    ])
    const table = scrollTable('Appointments', html`<table><caption class="sr-only">Appointments</caption>
<thead><tr><th scope="col">Starts</th><th scope="col">Patient</th><th scope="col">Appointment</th><th scope="col">Confirmation</th><th scope="col">Number</th><th scope="col">Reminders</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td class="when"><a href="${PATH}/${r.uuid}">${formatTime(r.start, user.timezone)}</a></td>
<td>${r.contactName?.trim() || html`<span class="muted">No contact</span>`}</td>
<td><a href="${PATH}/${r.uuid}">${appointmentTitle(r)}</a></td>
<td>${outcomeCell(confirmationWords(r.status))}${r.statusChangedAt ? html`<br><span class="muted">${formatTime(r.statusChangedAt, user.timezone)}</span>` : ''}</td>
<td>${phonesText(r.phones)}</td><td>${reminderCell(user, r)}</td></tr>`)}${rows.length === 0 ? html`<tr><td colspan="6" class="muted">Nothing to show.</td></tr>` : ''}</tbody></table>`)
    const body = html`<h1>Appointments</h1>
<p class="muted">The appointments of your organization, the latest first, with what the patient answered to the reminders. ${zoneNote(user)}</p>
${problems.map((p) => html`<div class="error" role="alert">${p}</div>`)}
${countsLine(query, counts)}
${filterForm(PATH, query, CONFIRMATION_OUTCOMES, 'Name, number or appointment', 'Confirmation')}
${table}
${pager(PATH, query, pageNo, count)}`
    return send(reply, problems.length > 0 ? 400 : 200, page('Appointments', user, body, PATH))
  })
}
