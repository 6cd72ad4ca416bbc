import { DateTime } from 'luxon'
import type { Db } from '../db/client.js'
import { ALARM_METHOD, type AttemptReason } from '../db/schema/index.js'
import { barChart, columnChart, numbersTable } from './charts.js'
import { CONFIRMATION_OUTCOMES } from './confirmation.js'
import { answersSince, confirmationCounts } from './data/appointments.js'
import { appointmentsBetween, countUpcoming, failuresByReason, outcomesBy, unreachedCounts, upcomingReminders, type OutcomeGroup } from './data/overview.js'
import { formatTime, label, METHOD_LABELS } from './format.js'
import { html, type SafeHtml } from './html.js'
import { listHref } from './list.js'
import { reasonWords } from './outcome.js'
import { patientName } from './patient.js'
import type { AdminPrincipal } from './session.js'

export interface OverviewContext { db: Db; user: AdminPrincipal; now: Date; days: number }

/** One section of the overview. The page renders OVERVIEW_PANELS in order, so a new figure is one more panel here. */
export type OverviewPanel = (ctx: OverviewContext) => Promise<SafeHtml>

/** A headline number; `href` null when no page lists what it counts. */
const card = (title: string, value: number | string, href: string | null, note = '') =>
  html`<div class="card"><h3>${title}</h3><p class="big">${href ? html`<a href="${href}">${value}</a>` : value}</p>${note ? html`<p class="muted">${note}</p>` : ''}</div>`

/** Today and the next seven days: reminders planned and appointments, and the next few reminders in order. */
const comingUp: OverviewPanel = async ({ db, user, now }) => {
  const local = DateTime.fromJSDate(now, { zone: user.timezone })
  const endOfToday = local.endOf('day').toJSDate()
  const inAWeek = local.plus({ days: 7 }).toJSDate()
  const [[today, week], apptsToday, apptsWeek, next] = await Promise.all([
    countUpcoming(db, user, [endOfToday, inAWeek]),
    appointmentsBetween(db, user, local.startOf('day').toJSDate(), endOfToday),
    appointmentsBetween(db, user, now, inAWeek),
    upcomingReminders(db, user, inAWeek, 10),
  ])
  return html`<section aria-labelledby="coming-up"><h2 id="coming-up">Coming up</h2>
<div class="cards">
${card('Reminders due today', today!, '#next-reminders')}
${card('Reminders in the next 7 days', week!, '#next-reminders')}
${card('Appointments today', apptsToday.total, null, `${apptsToday.withReminder} with a reminder set up`)}
${card('Appointments in the next 7 days', apptsWeek.total, null, `${apptsWeek.withReminder} with a reminder set up`)}
</div>
<h3 id="next-reminders">Next reminders</h3>
${next.length === 0 ? html`<p class="muted">No reminders are planned for the next 7 days.</p>` : html`<ul>${next.map((r) => html`<li>
${formatTime(new Date(r.due), user.timezone)}: ${label(METHOD_LABELS, r.method)} to ${patientName(r.data) ?? r.phone ?? r.email ?? 'the patient'}
for <a href="${r.appointment_uuid ? `/admin/appointments/${r.appointment_uuid}` : `/admin/events/${r.event_id}`}">${r.title}</a></li>`)}</ul>`}
</section>`
}

const CHANNEL_WORDS: Record<string, string> = { [ALARM_METHOD.call]: 'Calls', [ALARM_METHOD.sms]: 'Texts', [ALARM_METHOD.email]: 'E-mails' }

function outcomeNumbers(caption: string, groups: OutcomeGroup[], name: (key: string) => string): SafeHtml {
  return numbersTable(caption, ['', 'Attempts', 'Reached', 'Confirmed', 'Not reached'],
    groups.map((g) => [name(g.key), g.attempts, g.reached, g.confirmed, g.failed]))
}

/** How the last `days` days went: headline counts, then reach and confirmation by channel, attempt and hour. */
const outcomes: OverviewPanel = async ({ db, user, now, days }) => {
  const since = DateTime.fromJSDate(now, { zone: user.timezone }).minus({ days }).toJSDate()
  const [channels, attempts, hours, counts] = await Promise.all([
    outcomesBy(db, user, since, 'channel'), outcomesBy(db, user, since, 'attempt'), outcomesBy(db, user, since, 'hour'),
    unreachedCounts(db, user, since),
  ])
  const total = channels.reduce((n, g) => n + g.attempts, 0)
  const reached = channels.reduce((n, g) => n + g.reached, 0)
  const confirmed = channels.reduce((n, g) => n + g.confirmed, 0)
  const channelName = (k: string) => CHANNEL_WORDS[k] ?? `Channel ${k}`
  const attemptName = (k: string) => (k === '4' ? '4th or later attempt' : ['', '1st attempt', '2nd attempt', '3rd attempt'][Number(k)] ?? k)
  const byHour = Array.from({ length: 24 }, (_, h) => hours.find((g) => g.key === String(h)) ?? { key: String(h), attempts: 0, reached: 0, confirmed: 0, failed: 0 })
  const log = (outcome?: string) => listHref('/admin/alarm-requests', {
    outcome, date_from: DateTime.fromJSDate(since, { zone: user.timezone }).toISODate() ?? undefined,
  })
  return html`<section aria-labelledby="how-it-went"><h2 id="how-it-went">The last ${days} days</h2>
<div class="cards">
${card('Attempts', total, log())}
${card('Patients reached', reached, log('reached'), total > 0 ? `${Math.round((reached / total) * 100)}% of attempts` : '')}
${card('Confirmed', confirmed, log('confirmed'), reached > 0 ? `${Math.round((confirmed / reached) * 100)}% of those reached` : '')}
${card('Not reached in the end', counts.unreached, log('failed'), 'reminders that gave up')}
${card('Opted out', counts.optedOut, log('opted-out'), 'attempts stopped by the do-not-contact list')}
</div>
<div class="cards charts">
<div class="card">${barChart(`reach-${days}`, 'Reached, by channel', channels.map((g) => ({ label: channelName(g.key), value: g.reached, of: g.attempts })))}
${barChart(`confirm-${days}`, 'Confirmed, by channel', channels.map((g) => ({ label: channelName(g.key), value: g.confirmed, of: g.attempts })))}
${outcomeNumbers('By channel', channels, channelName)}</div>
<div class="card">${barChart(`attempt-${days}`, 'Reached, by attempt', attempts.map((g) => ({ label: attemptName(g.key), value: g.reached, of: g.attempts })))}
${outcomeNumbers('By attempt', attempts, attemptName)}</div>
<div class="card">${columnChart(`hour-${days}`, `Attempts by hour of day (${user.timezone})`, byHour.map((g) => ({ label: g.key.padStart(2, '0'), good: g.reached, bad: g.failed })))}
${outcomeNumbers('By hour of day', hours, (k) => `${k.padStart(2, '0')}:00`)}</div>
</div>
</section>`
}

/** Why attempts failed in the last `days` days, the most common first. */
const failures: OverviewPanel = async ({ db, user, now, days }) => {
  const since = DateTime.fromJSDate(now, { zone: user.timezone }).minus({ days }).toJSDate()
  const groups = await failuresByReason(db, user, since)
  const words = (g: (typeof groups)[number]) => reasonWords({
    method: Number(g.method), reason: g.reason as AttemptReason | null, callstatus: Number(g.callstatus), calendarName: g.calendar_name ?? '',
  })
  const bars = groups.map((g) => ({ label: `${label(METHOD_LABELS, Number(g.method))}: ${words(g)}`, value: Number(g.n) }))
  return html`<section aria-labelledby="why-failed"><h2 id="why-failed">Why attempts failed (last ${days} days)</h2>
<div class="card">${barChart(`reasons-${days}`, 'Failed attempts by reason', bars, '#b3261e')}
${numbersTable('Failed attempts by reason', ['Reason', 'Attempts'], bars.map((b) => [b.label, b.value]))}</div>
</section>`
}

/** Where the next 7 days' appointments stand, and the answers of the last `days` days; each count lists its appointments. */
const confirmations: OverviewPanel = async ({ db, user, now, days }) => {
  const local = DateTime.fromJSDate(now, { zone: user.timezone })
  const week = { from: local.startOf('day').toJSDate(), to: local.plus({ days: 7 }).endOf('day').toJSDate() }
  const since = local.minus({ days }).toJSDate()
  const [upcoming, answered] = await Promise.all([confirmationCounts(db, user, week), answersSince(db, user, since)])
  const list = (outcome: string, from: DateTime, to?: DateTime) =>
    listHref('/admin/appointments', { outcome, date_from: from.toISODate() ?? undefined, date_to: to?.toISODate() ?? undefined })
  const statuses = [...CONFIRMATION_OUTCOMES]
  const total = statuses.reduce((n, [s]) => n + (upcoming.get(s) ?? 0), 0)
  return html`<section aria-labelledby="confirmations"><h2 id="confirmations">Confirmations</h2>
<div class="cards charts">
<div class="card"><h3>Appointments today and the next 7 days (${total})</h3>
<ul class="counts">${statuses.map(([s, words]) => html`<li><a href="${list(s, local, local.plus({ days: 7 }))}">${words}: <strong>${upcoming.get(s) ?? 0}</strong></a></li>`)}</ul>
${barChart(`confirm-week-${days}`, 'Next 7 days, by confirmation', statuses.map(([s, words]) => ({ label: words, value: upcoming.get(s) ?? 0 })))}</div>
<div class="card"><h3>Answers in the last ${days} days</h3>
<ul class="counts">${statuses.filter(([s]) => s !== 'unconfirmed').map(([s, words]) => html`<li>${words}: <strong>${answered.get(s) ?? 0}</strong></li>`)}</ul>
<p class="muted">Appointments whose status changed in the period, by the status they have now.</p></div>
</div>
</section>`
}

export const OVERVIEW_PANELS: readonly OverviewPanel[] = [comingUp, confirmations, outcomes, failures]
