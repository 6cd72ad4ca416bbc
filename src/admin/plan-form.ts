import { REMINDER_CHANNELS, type ReminderStep } from '../db/schema/index.js'
import type { StepBody } from '../crm/reminders/plan-steps.js'
import { offsetWords } from './appointment-timeline.js'
import { csrfInput } from './csrf.js'
import { html, type SafeHtml } from './html.js'
import type { AdminPrincipal } from './session.js'

/**
 * The reminder-plan form: one row of fields per step (`steps.<i>.<field>`, the names the plan checks report problems
 * under), plus one empty row for a new step. Offsets are entered in hours and retry waits in minutes, the units a
 * receptionist thinks in; stored as the API's minutes and seconds.
 */
export const MAX_FORM_STEPS = 10
const CHANNEL_LABELS: Record<string, string> = { call: 'Phone call', sms: 'Text message', email: 'E-mail' }
const FIELD_LABELS: Record<string, string> = {
  channel: 'how', hours: 'hours before', offset_minutes: 'hours before', only_if_unconfirmed: 'only if not confirmed',
  survey: 'call script', template: 'text', subject: 'subject', max_retries: 'tries again', retry_minutes: 'minutes between tries',
  retry_delay: 'minutes between tries',
}

export interface PlanForm {
  name: string
  isDefault: boolean
  steps: StepBody[]
  /** the form row of each step (rows left empty are skipped), to put a problem of `steps.<n>` on its row */
  rows: number[]
}
/** What was typed, to show again with the problems. */
export type FormValues = Record<string, string>

/** "steps.1.template" → "Step 2, text". */
export function fieldLabel(field: string): string {
  const m = /^steps\.(\d+)\.(\w+)$/.exec(field)
  return m ? `Step ${Number(m[1]) + 1}, ${FIELD_LABELS[m[2]!] ?? m[2]}` : field
}

function wholeNumber(values: FormValues, field: string, min: number, max: number, problems: Record<string, string>): number | null {
  const raw = (values[field] ?? '').trim()
  if (raw === '') return null
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < min || n > max) problems[field] = `a whole number from ${min} to ${max}`
  return n
}

/** The form's fields → the plan, or the problems (field → words). A step whose channel is empty is left out. */
export function parsePlanForm(values: FormValues): { form: PlanForm; problems: Record<string, string> } {
  const problems: Record<string, string> = {}
  const name = (values.name ?? '').trim()
  if (!name) problems.name = 'a plan needs a name'
  else if (name.length > 200) problems.name = 'at most 200 characters'
  const steps: StepBody[] = []
  const rows: number[] = []
  for (let i = 0; i < MAX_FORM_STEPS; i++) {
    const at = (f: string) => `steps.${i}.${f}`
    const channel = (values[at('channel')] ?? '').trim()
    if (!channel) continue
    const rawHours = (values[at('hours')] ?? '').trim()
    const hours = Number(rawHours)
    if (rawHours === '' || !Number.isFinite(hours) || hours < 0 || hours > 8760) problems[at('hours')] = 'a number of hours from 0 to 8760'
    const retries = wholeNumber(values, at('max_retries'), 0, 10, problems)
    const waitMinutes = wholeNumber(values, at('retry_minutes'), 0, 10_080, problems)
    const template = values[at('template')] ?? ''
    const subject = values[at('subject')] ?? ''
    if (template.length > 1600) problems[at('template')] = 'at most 1600 characters'
    if (subject.length > 200) problems[at('subject')] = 'at most 200 characters'
    const survey = (values[at('survey')] ?? '').trim()
    rows.push(i)
    steps.push({
      channel, offset_minutes: Math.round(hours * 60), only_if_unconfirmed: values[at('only_if_unconfirmed')] === 'on',
      survey: survey === '' ? null : survey, template: template.trim() ? template : null, subject: subject.trim() ? subject : null,
      max_retries: retries, retry_delay: waitMinutes === null ? null : waitMinutes * 60,
    })
  }
  return { form: { name, isDefault: values.is_default === 'on', steps, rows }, problems }
}

/** Problems the plan checks report for `steps.<n>.<field>`, moved onto the form row step n came from. */
export function onRows(fields: Record<string, string>, rows: number[]): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([f, p]) => [f.replace(/^steps\.(\d+)\./, (_, n: string) => `steps.${rows[Number(n)] ?? n}.`), p]))
}

/** A stored plan as the form's values. */
export function planValues(plan: { name: string; isDefault: boolean; steps: ReminderStep[] }): FormValues {
  const values: FormValues = { name: plan.name, is_default: plan.isDefault ? 'on' : '' }
  plan.steps.forEach((s, i) => {
    const at = (f: string) => `steps.${i}.${f}`
    Object.assign(values, {
      [at('channel')]: s.channel, [at('hours')]: String(Math.round((s.offset_minutes / 60) * 100) / 100),
      [at('only_if_unconfirmed')]: s.only_if_unconfirmed ? 'on' : '', [at('survey')]: s.survey === null ? '' : String(s.survey),
      [at('template')]: s.template ?? '', [at('subject')]: s.subject ?? '', [at('max_retries')]: String(s.max_retries),
      [at('retry_minutes')]: String(Math.round(s.retry_delay / 60)),
    })
  })
  return values
}

/** The steps of a plan in one line each: "Phone call 2 days before (tries again 2 times, 60 minutes apart)". */
export function stepSummary(s: ReminderStep): string {
  const retries = s.max_retries > 0 ? ` (tries again ${s.max_retries} time${s.max_retries === 1 ? '' : 's'}, ${Math.round(s.retry_delay / 60)} minutes apart)` : ''
  return `${CHANNEL_LABELS[s.channel] ?? s.channel} ${offsetWords(s.offset_minutes)}${s.only_if_unconfirmed ? ', only if not confirmed yet' : ''}${retries}`
}

function stepFields(values: FormValues, i: number): SafeHtml {
  const at = (f: string) => `steps.${i}.${f}`
  const v = (f: string) => values[at(f)] ?? ''
  const channel = v('channel')
  return html`<fieldset><legend>Step ${i + 1}${channel ? '' : ' (new: choose how to add it)'}</legend>
<label>How<select name="${at('channel')}"><option value="">${channel ? 'Remove this step' : '—'}</option>${REMINDER_CHANNELS.map((c) => html`<option value="${c}"${c === channel ? html` selected` : ''}>${CHANNEL_LABELS[c]}</option>`)}</select></label>
<label>Hours before the appointment<input type="number" name="${at('hours')}" min="0" max="8760" step="any" value="${v('hours')}"></label>
<label class="check"><input type="checkbox" name="${at('only_if_unconfirmed')}" value="on"${v('only_if_unconfirmed') === 'on' ? html` checked` : ''}> Only if not confirmed yet</label>
<label>Tries again (busy, no answer)<input type="number" name="${at('max_retries')}" min="0" max="10" value="${v('max_retries')}"></label>
<label>Minutes between tries<input type="number" name="${at('retry_minutes')}" min="0" max="10080" value="${v('retry_minutes')}"></label>
<label>Text (texts and e-mails; empty = the built-in one)<textarea name="${at('template')}" rows="2" maxlength="1600">${v('template')}</textarea></label>
<label>E-mail subject (empty = the built-in one)<input name="${at('subject')}" maxlength="200" value="${v('subject')}"></label>
<input type="hidden" name="${at('survey')}" value="${v('survey')}">
${v('survey') ? html`<p class="muted">This call runs call script ${v('survey')} (set through the API).</p>` : ''}
</fieldset>`
}

export function planForm(user: AdminPrincipal, action: string, values: FormValues, problems: Record<string, string>, submit: string): SafeHtml {
  const used = Array.from({ length: MAX_FORM_STEPS }, (_, i) => i).filter((i) => values[`steps.${i}.channel`])
  const rows = [...used, ...(used.length < MAX_FORM_STEPS ? [Math.max(-1, ...used) + 1] : [])].filter((i) => i < MAX_FORM_STEPS)
  const list = Object.entries(problems)
  return html`${list.length > 0 ? html`<div class="error" role="alert"><p>Please correct:</p><ul>${list.map(([f, p]) => html`<li>${fieldLabel(f)}: ${p}</li>`)}</ul></div>` : ''}
<form class="stack" method="post" action="${action}">${csrfInput(user.csrf)}
<label>Name<input name="name" required maxlength="200" value="${values.name ?? ''}"></label>
<label class="check"><input type="checkbox" name="is_default" value="on"${values.is_default === 'on' ? html` checked` : ''}> The default plan (for appointments that name none)</label>
${rows.map((i) => stepFields(values, i))}
<button type="submit">${submit}</button>
</form>`
}
