import { failureReason } from '../alarms/failure-reason.js'
import type { AttemptRow } from './data/attempts.js'
import { formatTime, isoTime, label, METHOD_LABELS } from './format.js'
import { html, type SafeHtml } from './html.js'
import { scrollTable } from './layout.js'
import { attemptWords, type Words } from './outcome.js'
import { patientName } from './patient.js'
import type { AdminPrincipal } from './session.js'

export function outcomeCell(words: Words): SafeHtml {
  return html`<span class="${words.tone === 'neutral' ? '' : words.tone}">${words.text}</span>`
}

/** The page of the appointment an attempt reminds of: a CRM appointment's timeline, else the calendar event. */
export const appointmentHref = (r: Pick<AttemptRow, 'eventId' | 'appointmentUuid'>) =>
  (r.appointmentUuid ? `/admin/appointments/${r.appointmentUuid}` : `/admin/events/${r.eventId}`)

/** Who was (to be) contacted: the number, or the address of an e-mail reminder. */
export const contactOf = (r: Pick<AttemptRow, 'phone' | 'email'>) => r.phone ?? r.email ?? '—'

/** The attempts as a table: each links to its detail page, its appointment, and its fallback text when one went out. */
export function attemptTable(user: AdminPrincipal, rows: AttemptRow[], caption: string): SafeHtml {
  const now = new Date()
  return scrollTable(caption, html`<table><caption class="sr-only">${caption}</caption>
<thead><tr><th scope="col">When</th><th scope="col">Patient</th><th scope="col">Outcome</th><th scope="col">Appointment</th><th scope="col">Number</th><th scope="col">By</th><th scope="col">Attempt</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td class="when"><a href="/admin/alarm-requests/${r.id}">${formatTime(r.date, user.timezone)}</a></td>
<td>${patientName(r.eventData) ?? '—'}</td>
<td>${outcomeCell(attemptWords(r, user.timezone, now))}${r.fallbackSmsId === null ? ''
  : html`<br><a href="/admin/messages/${r.fallbackSmsId}">Fallback text sent to ${r.fallbackPhone ?? 'the fallback number'}</a>`}</td>
<td><a href="${appointmentHref(r)}">${r.eventTitle}</a><br><span class="muted">${formatTime(r.eventStart, user.timezone)}</span></td>
<td class="nowrap">${contactOf(r)}</td><td>${label(METHOD_LABELS, r.method)}</td><td class="nowrap">${r.attemptNo} of ${r.maxretry + 1}</td>
</tr>`)}${rows.length === 0 ? html`<tr><td colspan="7" class="muted">Nothing to show.</td></tr>` : ''}</tbody></table>`)
}

export const ATTEMPT_CSV_HEADER = [
  'attempt_id', 'time', 'patient', 'number', 'appointment', 'appointment_start', 'calendar', 'channel', 'attempt', 'of',
  'outcome', 'reason_code', 'details', 'retry_at', 'call_id', 'fallback_text_id',
] as const

export function attemptCsvRow(user: AdminPrincipal, r: AttemptRow, now: Date): unknown[] {
  return [
    r.id, isoTime(r.date, user.timezone), patientName(r.eventData) ?? '', contactOf(r), r.eventTitle, isoTime(r.eventStart, user.timezone),
    r.calendarName, label(METHOD_LABELS, r.method), r.attemptNo, r.maxretry + 1, attemptWords(r, user.timezone, now).text,
    r.reason ?? '', failureReason(r.reason, r.reasonDetail) ?? '', isoTime(r.retryAt, user.timezone), r.callExists ? r.callId : '', r.fallbackSmsId ?? '',
  ]
}
