import type { TimelineAttempt, TimelineState, TimelineStep } from '../crm/reminders/timeline.js'
import { ALARM_METHOD, type TranscriptEntry } from '../db/schema/index.js'
import { outcomeCell } from './attempt-table.js'
import { formatTime } from './format.js'
import { html, type SafeHtml } from './html.js'
import { attemptWords, type AttemptFacts, type Words } from './outcome.js'
import type { AdminPrincipal } from './session.js'

const CHANNEL_WORDS: Record<string, string> = { call: 'Phone call', sms: 'Text message', email: 'E-mail' }
const METHOD_OF: Record<string, number> = { call: ALARM_METHOD.call, sms: ALARM_METHOD.sms, email: ALARM_METHOD.email }

/** "2 days before", "3 hours before", "90 minutes before". */
export function offsetWords(minutes: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'} before`
  if (minutes > 0 && minutes % 1440 === 0) return unit(minutes / 1440, 'day')
  if (minutes > 0 && minutes % 60 === 0) return unit(minutes / 60, 'hour')
  return unit(minutes, 'minute')
}

const RESULT_WORDS: Record<NonNullable<TimelineStep['result']>, string> = {
  confirmed: 'Confirmed', cancelled: 'Cancelled by the patient', reschedule_requested: 'Wants another time',
}

/** Where a step stands, in words; a step that ended without being sent says why. */
export function stepWords(s: Pick<TimelineStep, 'state' | 'result' | 'reason'> & { channel: string }): Words {
  const why = s.reason ? `: ${s.reason}` : ''
  const words: Record<TimelineState, Words> = {
    scheduled: { text: s.reason ? `Planned — last try failed${why}` : 'Planned', tone: 'wait' },
    sending: { text: s.channel === 'call' ? 'Calling now' : 'Sending now', tone: 'wait' },
    answered: { text: s.result ? RESULT_WORDS[s.result] : 'Answered', tone: s.result === 'confirmed' ? 'ok' : 'wait' },
    delivered: { text: s.channel === 'call' ? 'Reached, no key pressed' : s.channel === 'sms' ? 'Text sent' : 'E-mail sent', tone: 'ok' },
    failed: { text: `Not reached${why}`, tone: 'bad' },
    skipped: { text: `Not sent${why}`, tone: 'neutral' },
    cancelled: { text: `Stopped${why}`, tone: 'neutral' },
  }
  return words[s.state]
}

const LINE_WORDS: Record<TranscriptEntry['kind'], (text: string) => string> = {
  say: (t) => `Heard: “${t}”`,
  play: () => 'Heard a recording',
  press: (t) => `Pressed ${t}`,
  silence: () => 'Pressed nothing',
  transfer: (t) => `Put through to ${t}`,
  hangup: () => 'The call ended',
}

/** The call as the patient lived it: what they heard and what they pressed, in order. */
export function transcriptList(lines: readonly TranscriptEntry[]): SafeHtml {
  if (lines.length === 0) return html``
  return html`<ol class="said">${lines.map((l) => html`<li>${LINE_WORDS[l.kind]?.(l.text) ?? l.text}</li>`)}</ol>`
}

function factsOf(step: TimelineStep, a: TimelineAttempt): AttemptFacts {
  return {
    method: METHOD_OF[step.reminder.channel] ?? ALARM_METHOD.call, status: a.request.status, callstatus: a.request.callstatus,
    reason: a.request.reason, reasonDetail: a.request.reasonDetail, retryAt: a.request.retryAt, calendarName: 'Reminders',
    callResult: a.call?.result ?? null, answeredBy: a.call?.answeredBy ?? null, transferredTo: a.call?.transferredTo ?? null,
    smsStatus: a.message?.status ?? null,
  }
}

/** One attempt: when, to whom, how it ended; the words heard and keys pressed, or the text sent. */
function attemptItem(user: AdminPrincipal, step: TimelineStep, a: TimelineAttempt, n: number, now: Date): SafeHtml {
  // The attempt, call and text pages show the alarm log, which is the organization's (admins only).
  const links = user.role === 'admin'
  const to = a.call?.toNumber ?? a.message?.toNumber ?? (step.reminder.channel === 'email' ? step.alarm?.alarmEmail : step.alarm?.alarmPhonenumber) ?? '—'
  const when = formatTime(a.request.date, user.timezone)
  return html`<div class="attempt"><p><strong>Attempt ${n}</strong> · ${links ? html`<a href="/admin/alarm-requests/${a.request.id}">${when}</a>` : when} · to ${to}<br>
${outcomeCell(attemptWords(factsOf(step, a), user.timezone, now))}${links && a.call?.dialedAt ? html` · <a href="/admin/calls/${a.call.id}">the call</a>` : ''}</p>
${a.call ? transcriptList(a.call.transcript) : ''}
${a.message ? html`<p>Text: “${a.message.body}” <span class="muted">(${a.message.status})</span>${links ? html` · <a href="/admin/messages/${a.message.id}">the text</a>` : ''}</p>` : ''}
${step.reminder.channel === 'email' && step.alarm?.mailSubject ? html`<p>E-mail: “${step.alarm.mailSubject}”</p>` : ''}
</div>`
}

/** Every step of the appointment's reminders, in due order, with each attempt. */
export function timelineList(user: AdminPrincipal, steps: TimelineStep[], now = new Date()): SafeHtml {
  if (steps.length === 0) return html`<p class="muted">No reminder steps: reminders are off, the appointment has no contact, or its plan has no steps.</p>`
  return html`<ol class="timeline">${steps.map((s) => html`<li class="step">
<h3>${CHANNEL_WORDS[s.reminder.channel] ?? s.reminder.channel}, ${offsetWords(s.reminder.offsetMinutes)}${s.reminder.onlyIfUnconfirmed ? ' (only if not confirmed yet)' : ''}</h3>
<p>Due ${formatTime(s.due, user.timezone)} · ${outcomeCell(stepWords({ ...s, channel: s.reminder.channel }))}</p>
${s.attempts.map((a, i) => attemptItem(user, s, a, i + 1, now))}
</li>`)}</ol>`
}
