import { ALARM_ACTION, allowedActions, type AlarmAction } from './data/alarm-actions.js'
import type { AlarmState } from './data/events.js'
import { csrfInput } from './csrf.js'
import { formatTime, label, METHOD_LABELS } from './format.js'
import { html, type SafeHtml } from './html.js'
import { scrollTable } from './layout.js'
import { outcomeCell } from './attempt-table.js'
import { alarmWords } from './outcome.js'
import type { AdminPrincipal } from './session.js'

/** What the page says after an action (`?notice=`). */
export const ALARM_NOTICES: Record<string, string> = {
  cancelled: 'The reminder was cancelled: no more attempts will be made.',
  'try-now': 'The reminder will be tried again now. If it fails again and it has a fallback number, the fallback text goes out again.',
}

const ACTION_LABELS: Record<AlarmAction, string> = { [ALARM_ACTION.cancel]: 'Cancel reminder', [ALARM_ACTION.tryNow]: 'Try again now' }

/** The buttons of one alarm: each a POST form carrying the CSRF token and where to come back to. */
export function alarmActions(user: AdminPrincipal, a: AlarmState, back: string, now = new Date()): SafeHtml {
  const actions = allowedActions(a, now)
  if (actions.length === 0) return html``
  const what = `${label(METHOD_LABELS, a.method)} reminder to ${a.phone ?? a.email ?? 'the patient'}`
  return html`<div class="actions">${actions.map((action) => html`<form class="inline" method="post" action="/admin/alarms/${a.id}/${action}">
${csrfInput(user.csrf)}<input type="hidden" name="back" value="${back}">
<button type="submit"${action === ALARM_ACTION.cancel ? html` class="secondary"` : ''} aria-label="${ACTION_LABELS[action]}: ${what}">${ACTION_LABELS[action]}</button></form>`)}</div>`
}

/** The reminders of an appointment: how each is set up, where it stands, and what can be done. */
export function alarmTable(user: AdminPrincipal, alarms: AlarmState[], back: string): SafeHtml {
  const now = new Date()
  return scrollTable('Reminders of this appointment', html`<table><caption class="sr-only">Reminders of this appointment</caption>
<thead><tr><th scope="col">By</th><th scope="col">To</th><th scope="col">Planned for</th><th scope="col">Attempts</th><th scope="col">Where it stands</th><th scope="col">Actions</th></tr></thead>
<tbody>${alarms.map((a) => html`<tr>
<td>${label(METHOD_LABELS, a.method)}</td><td class="nowrap">${a.phone ?? a.email ?? '—'}${a.fallbackPhone ? html`<br><span class="muted">fallback text: ${a.fallbackPhone}</span>` : ''}</td>
<td>${formatTime(a.dateStartNotice, user.timezone)}</td><td>${a.numAttempt} of ${a.maxretry + 1}</td>
<td>${outcomeCell(alarmWords(a, user.timezone, now))}</td><td>${alarmActions(user, a, back, now)}</td>
</tr>`)}${alarms.length === 0 ? html`<tr><td colspan="6" class="muted">No reminders are set up for this appointment.</td></tr>` : ''}</tbody></table>`)
}
