import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { AppError, invalidField } from '../errors.js'
import { createPlan, getPlan, listPlans, remindersByDefault, setRemindersByDefault, updatePlan } from './data/plans.js'
import { csrfInput } from './csrf.js'
import { currentUser } from './guard.js'
import { html } from './html.js'
import { page, scrollTable, send } from './layout.js'
import { onRows, parsePlanForm, planForm, planValues, stepSummary, type FormValues } from './plan-form.js'
import type { AdminPrincipal } from './session.js'

const PATH = '/admin/reminder-plans'
const Uuid = Type.Object({ uuid: Type.String({ maxLength: 40 }) })
const NOTICES: Record<string, string> = {
  created: 'Plan created.',
  saved: 'Plan saved. Appointments already planned keep their steps until they change (or their plan is chosen again).',
  'defaults-on': 'New appointments now get reminders unless they are created without them.',
  'defaults-off': 'New appointments now get no reminders unless they are created with them. Appointments already planned keep theirs.',
}
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 40 })) })

/** Only text fields: a form can send nothing else, and a repeated field is not a value. */
function formValues(body: unknown): FormValues {
  const values: FormValues = {}
  if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v
  return values
}

function formPage(reply: FastifyReply, user: AdminPrincipal, status: number, title: string, action: string, values: FormValues, problems: Record<string, string>) {
  const body = html`<h1>${title}</h1>
<p class="muted">Each step reminds the patient some hours before the appointment: 48 hours is 2 days. A step can be only for appointments not confirmed yet.</p>
${planForm(user, action, values, problems, 'Save plan')}
<p><a href="${PATH}">← All reminder plans</a></p>`
  return send(reply, status, page(title, user, body, PATH))
}

/** Saves, or shows the form again with what was typed and every problem (a 400), nothing written. */
async function save(reply: FastifyReply, user: AdminPrincipal, title: string, action: string, body: unknown, write: (input: ReturnType<typeof parsePlanForm>['form']) => Promise<{ uuid: string }>, notice: string) {
  const values = formValues(body)
  const { form, problems } = parsePlanForm(values)
  if (Object.keys(problems).length > 0) return formPage(reply, user, 400, title, action, values, problems)
  try {
    const plan = await write(form)
    return reply.redirect(`${PATH}/${plan.uuid}?notice=${notice}`, 303)
  } catch (err) {
    if (err instanceof AppError && err.statusCode === 400) {
      return formPage(reply, user, 400, title, action, values, onRows(err.fields ?? { plan: err.message }, form.rows))
    }
    throw err
  }
}

/** The organization's reminder plans: which steps remind an appointment, created and changed here or through the API. */
export async function reminderPlanRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: { notice?: string } }>('/reminder-plans', { schema: { hide: true, querystring: NoticeQuery } }, async (request, reply) => {
    const user = currentUser(request)
    const plans = await listPlans(db, user)
    const on = await remindersByDefault(db, user)
    const notice = NOTICES[request.query.notice ?? '']
    const body = html`<h1>Reminder plans</h1>
${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
<p class="muted">How appointments remind their patients. An appointment uses the default plan unless it names another (choose it on the appointment's page).</p>
<form class="inline" method="post" action="${PATH}/reminders-by-default">${csrfInput(user.csrf)}
<p>New appointments ${on ? html`<strong>get reminders</strong>` : html`<strong>get no reminders</strong>`} unless they are created saying otherwise
(<code>reminders_enabled</code>).
<input type="hidden" name="on" value="${on ? 'false' : 'true'}"><button type="submit" class="secondary">${on ? 'Turn off for new appointments' : 'Turn on for new appointments'}</button></p>
</form>
<p><a href="${PATH}/new">New reminder plan</a></p>
${scrollTable('Reminder plans', html`<table><caption class="sr-only">Reminder plans</caption>
<thead><tr><th scope="col">Plan</th><th scope="col">Steps</th><th scope="col">Appointments naming it</th></tr></thead>
<tbody>${plans.map(({ plan, appointments }) => html`<tr><td><a href="${PATH}/${plan.uuid}">${plan.name}</a>${plan.isDefault ? ' (default)' : ''}</td>
<td>${plan.steps.length === 0 ? html`<span class="muted">No steps: sends nothing</span>` : html`<ul>${plan.steps.map((s) => html`<li>${stepSummary(s)}</li>`)}</ul>`}</td>
<td class="num">${appointments ?? 0}</td></tr>`)}</tbody></table>`)}`
    return send(reply, 200, page('Reminder plans', user, body, PATH))
  })

  app.post('/reminder-plans/reminders-by-default', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const value = formValues(request.body).on
    if (value !== 'true' && value !== 'false') throw invalidField('on', 'true or false')
    await setRemindersByDefault(db, user, value === 'true')
    return reply.redirect(`${PATH}?notice=${value === 'true' ? 'defaults-on' : 'defaults-off'}`, 303)
  })

  app.get('/reminder-plans/new', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const values = { 'steps.0.channel': 'call', 'steps.0.hours': '48', 'steps.0.max_retries': '2', 'steps.0.retry_minutes': '60' }
    return formPage(reply, user, 200, 'New reminder plan', PATH, values, {})
  })

  app.post('/reminder-plans', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    return save(reply, user, 'New reminder plan', PATH, request.body, (form) => createPlan(db, user, form), 'created')
  })

  app.get<{ Params: { uuid: string }; Querystring: { notice?: string } }>('/reminder-plans/:uuid', {
    schema: { hide: true, params: Uuid, querystring: NoticeQuery },
  }, async (request, reply) => {
    const user = currentUser(request)
    const plan = await getPlan(db, user, request.params.uuid)
    const notice = NOTICES[request.query.notice ?? '']
    const title = `Reminder plan: ${plan.name}`
    const body = html`<h1>${title}</h1>
${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
${planForm(user, `${PATH}/${plan.uuid}`, planValues(plan), {}, 'Save plan')}
<p><a href="${PATH}">← All reminder plans</a></p>`
    return send(reply, 200, page(title, user, body, PATH))
  })

  app.post<{ Params: { uuid: string } }>('/reminder-plans/:uuid', { schema: { hide: true, params: Uuid } }, async (request, reply) => {
    const user = currentUser(request)
    const plan = await getPlan(db, user, request.params.uuid)
    return save(reply, user, `Reminder plan: ${plan.name}`, `${PATH}/${plan.uuid}`, request.body, (form) => updatePlan(db, user, plan.uuid, form), 'saved')
  })
}
