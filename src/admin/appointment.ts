import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { resolveScope } from '../crm/scope.js'
import { reminderTimeline } from '../crm/reminders/timeline.js'
import { appointmentTitle, phonesText } from './appointments.js'
import { timelineList } from './appointment-timeline.js'
import { outcomeCell } from './attempt-table.js'
import { confirmationWords, MANUAL_ANSWERS, type ManualAnswer } from './confirmation.js'
import { csrfInput } from './csrf.js'
import { answerByHand, chooseReminders } from './data/appointment-actions.js'
import { getAppointmentDetail, numberHistory, planChoices } from './data/appointments.js'
import { formatTime } from './format.js'
import { currentUser } from './guard.js'
import { html } from './html.js'
import { page, send, zoneNote } from './layout.js'

const PATH = '/admin/appointments'
const MAX_NOTE = 500
const Uuid = Type.Object({ uuid: Type.String({ maxLength: 40 }) })
const NOTICES: Record<string, string> = {
  confirmed: 'Marked confirmed. The reminders still to come are stopped.',
  cancelled: 'Marked cancelled. The reminders still to come are stopped.',
  reminders: 'Reminders changed: the steps are planned again.',
  unchanged: 'Nothing was changed.',
}

/**
 * One appointment and everything its reminders did: the patient, the confirmation status, each step with its
 * attempts (what the patient heard and pressed, the texts and e-mails), the number's opt-outs and replies; and, for
 * the receptionist, marking it confirmed or cancelled by hand and choosing its reminders.
 */
export async function appointmentRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Params: { uuid: string }; Querystring: { notice?: string } }>('/appointments/:uuid', {
    schema: { hide: true, params: Uuid, querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 40 })) }) },
  }, async (request, reply) => {
    const user = currentUser(request)
    const { appointment: a, contact, planName } = await getAppointmentDetail(db, user, request.params.uuid)
    const numbers = (contact?.phones ?? []).map((p) => p.number)
    const [steps, plans, history] = await Promise.all([
      reminderTimeline(db, await resolveScope(db, user, undefined), a.uuid), planChoices(db, user), numberHistory(db, user, numbers),
    ])
    const zone = user.timezone
    const notice = NOTICES[request.query.notice ?? '']
    const self = `${PATH}/${a.uuid}`
    const title = appointmentTitle(a)
    const answers = (Object.keys(MANUAL_ANSWERS) as ManualAnswer[]).filter((s) => s !== a.confirmationStatus)
    const body = html`<h1>${title}</h1>
<p class="muted">${zoneNote(user)}</p>
${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
<dl>
<dt>Patient</dt><dd>${contact ? `${contact.firstName} ${contact.lastName}`.trim() || '—' : 'No contact: no reminders'}</dd>
<dt>Numbers</dt><dd>${phonesText(contact?.phones ?? null)}</dd>
${contact && contact.emails.length > 0 ? html`<dt>E-mail</dt><dd>${contact.emails.map((e) => e.email).join(', ')}</dd>` : ''}
<dt>Starts</dt><dd>${formatTime(a.startDate, zone)}</dd>
<dt>Ends</dt><dd>${formatTime(a.endDate, zone)}</dd>
${a.address ? html`<dt>Where</dt><dd>${a.address}</dd>` : ''}
<dt>Confirmation</dt><dd>${outcomeCell(confirmationWords(a.confirmationStatus))}${a.confirmationChangedAt ? html` <span class="muted">since ${formatTime(a.confirmationChangedAt, zone)}</span>` : ''}</dd>
<dt>Reminders</dt><dd>${a.remindersEnabled ? planName ?? 'The default plan' : 'Off'}</dd>
</dl>
<h2>Reminders, step by step</h2>
${timelineList(user, steps)}
<h2 id="answer">Mark by hand</h2>
<form class="stack" method="post" action="${self}/answer">${csrfInput(user.csrf)}
<p class="muted">When the patient answered another way (at the desk, by e-mail). It counts as their answer: the reminders still to come stop, and a reminder that already tried them calls its confirm or cancel address.</p>
<label>Note (who said so, how)<textarea name="note" rows="2" maxlength="${MAX_NOTE}" required></textarea></label>
<div class="actions">${answers.map((s) => html`<button type="submit" name="answer" value="${s}"${s === 'cancelled' ? html` class="secondary"` : ''}>Mark ${MANUAL_ANSWERS[s].toLowerCase()}</button>`)}</div>
</form>
<h2 id="plan">Reminder plan</h2>
<form class="stack" method="post" action="${self}/reminders">${csrfInput(user.csrf)}
<label>Plan<select name="plan"><option value="">The default plan</option>${plans.map((p) => html`<option value="${p.uuid}"${p.id === a.reminderPlanId ? html` selected` : ''}>${p.name}${p.isDefault ? ' (default)' : ''}</option>`)}</select></label>
<label class="check"><input type="checkbox" name="enabled" value="on"${a.remindersEnabled ? html` checked` : ''}> Send reminders for this appointment</label>
<button type="submit">Save reminders</button>
</form>
<p><a href="/admin/reminder-plans">The reminder plans and their steps</a></p>
<h2>The patient's numbers</h2>
${history.optOuts.length === 0 ? html`<p>No number of this patient is on the do-not-contact list.</p>` : html`<ul>${history.optOuts.map((o) => html`<li>${o.phoneNumber}: opted out ${formatTime(o.createdAt, zone)} (${o.source}${o.reason ? `: ${o.reason}` : ''})</li>`)}</ul>`}
${history.received.length === 0 ? html`<p class="muted">No texts received from these numbers.</p>` : html`<h3>Texts received</h3><ul>${history.received.map((m) => html`<li>${formatTime(m.createdAt, zone)} from ${m.fromNumber}: “${m.body}”</li>`)}</ul>`}
<p><a href="${PATH}">← All appointments</a></p>`
    return send(reply, 200, page(title, user, body, PATH))
  })

  const AnswerBody = Type.Object({
    answer: Type.Union([Type.Literal('confirmed'), Type.Literal('cancelled')]),
    note: Type.String({ minLength: 1, maxLength: MAX_NOTE }),
  }, { additionalProperties: true })
  app.post<{ Params: { uuid: string }; Body: { answer: ManualAnswer; note: string } }>('/appointments/:uuid/answer', {
    schema: { hide: true, params: Uuid, body: AnswerBody },
  }, async (request, reply) => {
    const user = currentUser(request)
    await answerByHand(db, app.deps, user, request.params.uuid, request.body.answer, request.body.note.trim())
    return reply.redirect(`${PATH}/${encodeURIComponent(request.params.uuid)}?notice=${request.body.answer}`, 303)
  })

  const RemindersBody = Type.Object({
    plan: Type.Optional(Type.String({ maxLength: 40 })),
    enabled: Type.Optional(Type.Literal('on')),
  }, { additionalProperties: true })
  app.post<{ Params: { uuid: string }; Body: { plan?: string; enabled?: 'on' } }>('/appointments/:uuid/reminders', {
    schema: { hide: true, params: Uuid, body: RemindersBody },
  }, async (request, reply) => {
    const user = currentUser(request)
    const changed = await chooseReminders(db, user, request.params.uuid, { planUuid: request.body.plan || null, enabled: request.body.enabled === 'on' })
    return reply.redirect(`${PATH}/${encodeURIComponent(request.params.uuid)}?notice=${changed ? 'reminders' : 'unchanged'}`, 303)
  })
}
