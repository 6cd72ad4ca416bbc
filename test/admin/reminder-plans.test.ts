// Reminder plans in the admin UI: listed with their steps in words, created and changed through a form whose
// problems are named by step and field (nothing written), one default kept, every write CSRF-checked and audited,
// another organization's plans not found.
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { createManager, createOrganization } from '../crm/helpers.js'
import { get, login, post, SAME_ORIGIN } from './helpers.js'

t.test('reminder plans', async (t) => {
  const { app, deps, call } = await buildTestApp(t)
  const pool = deps.database.pool
  const plans = async () => (await pool.query('select uuid, name, is_default, steps from reminder_plan where organization_id = 1 order by id')).rows
  const audit = async () => (await pool.query('select username, action, target_type, target_id, detail from admin_audit order by id')).rows
  const manager = await login(app, 'manager')

  t.test('the list makes and shows the default plan, its steps in words', async (t) => {
    const res = await get(app, manager, '/admin/reminder-plans')
    t.equal(res.statusCode, 200)
    t.match(res.body, /Default<\/a> \(default\)/)
    t.match(res.body, /<li>Phone call 2 days before \(tries again 2 times, 60 minutes apart\)<\/li>/)
    t.match(res.body, /<li>Text message 1 day before, only if not confirmed yet<\/li>/)
    t.equal((await plans()).length, 1)
    t.equal((await get(app, manager, '/admin/reminder-plans/new')).statusCode, 200)
  })

  t.test('a form with problems: each named by step and field, nothing written', async (t) => {
    const res = await post(app, manager, '/admin/reminder-plans', {
      name: '', 'steps.0.channel': 'call', 'steps.0.hours': '-3', 'steps.2.channel': 'sms', 'steps.2.hours': '2', 'steps.2.max_retries': '99',
    })
    t.equal(res.statusCode, 400)
    t.match(res.body, /name: a plan needs a name/)
    t.match(res.body, /Step 1, hours before: a number of hours from 0 to 8760/)
    t.match(res.body, /Step 3, tries again: a whole number from 0 to 10/)
    t.match(res.body, /name="steps.2.max_retries" min="0" max="10" value="99"/, 'what was typed is shown again')
    const checked = await post(app, manager, '/admin/reminder-plans', {
      name: 'Bad', 'steps.0.channel': 'sms', 'steps.0.hours': '1', 'steps.3.channel': 'call', 'steps.3.hours': '2', 'steps.3.template': 'Hi {nonsense}',
    })
    t.equal(checked.statusCode, 400)
    t.match(checked.body, /Step 4, text: a call step speaks its survey/, 'the plan checks, on the row the step came from')
    t.equal((await plans()).length, 1, 'nothing written')
    t.same(await audit(), [])
  })

  t.test('reminders for new appointments turned off and on: shown, audited, CSRF needed, and what a new appointment gets', async (t) => {
    const setting = async () => (await pool.query('select reminders_by_default from organization where id = 1')).rows[0].reminders_by_default
    t.match((await get(app, manager, '/admin/reminder-plans')).body, /New appointments <strong>get reminders<\/strong>[\s\S]*Turn off for new appointments/)
    const forged = await app.inject({ method: 'POST', url: '/admin/reminder-plans/reminders-by-default', headers: { cookie: manager, origin: SAME_ORIGIN }, payload: { on: 'false' } })
    t.equal(forged.statusCode, 403)
    t.equal(await setting(), true, 'not without the CSRF token')
    t.equal((await post(app, manager, '/admin/reminder-plans/reminders-by-default', { on: 'maybe' })).statusCode, 400)
    const off = await post(app, manager, '/admin/reminder-plans/reminders-by-default', { on: 'false' })
    t.equal(off.statusCode, 303)
    t.equal(off.headers.location, '/admin/reminder-plans?notice=defaults-off')
    t.equal(await setting(), false)
    const page = await get(app, manager, '/admin/reminder-plans?notice=defaults-off')
    t.match(page.body, /New appointments now get no reminders/)
    t.match(page.body, /New appointments <strong>get no reminders<\/strong>[\s\S]*Turn on for new appointments/)
    const contact = (await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { workflowlevel1_uuids: [], first_name: 'Ada', phones: [{ number: '+15557700001' }] } })).json()
    const start = new Date(Math.ceil((Date.now() + 3 * 86_400_000) / 1000) * 1000)
    const appt = await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: {
      start_date: start.toISOString(), end_date: new Date(start.getTime() + 3_600_000).toISOString(), type: ['Checkup'], contact_uuid: contact.uuid,
    } })
    t.equal(appt.statusCode, 201)
    t.equal(appt.json().reminders_enabled, false, 'a new appointment gets none')
    t.equal((await post(app, manager, '/admin/reminder-plans/reminders-by-default', { on: 'true' })).statusCode, 303)
    t.equal(await setting(), true)
    t.match(await audit(), [
      { username: 'manager', action: 'organization.reminders-by-default', target_type: 'organization', target_id: '1', detail: { reminders_by_default: false } },
      { action: 'organization.reminders-by-default', detail: { reminders_by_default: true } },
    ])
    await pool.query('delete from admin_audit')
  })

  let uuid = ''
  t.test('created, audited; CSRF needed', async (t) => {
    const form = { name: 'Texts only', 'steps.0.channel': 'sms', 'steps.0.hours': '24', 'steps.0.template': 'Hi {first_name}, see you {appointment_date} at {appointment_time}.', 'steps.1.channel': 'email', 'steps.1.hours': '1.5', 'steps.1.only_if_unconfirmed': 'on' }
    const forged = await app.inject({ method: 'POST', url: '/admin/reminder-plans', headers: { cookie: manager, origin: SAME_ORIGIN }, payload: form })
    t.equal(forged.statusCode, 403)
    const res = await post(app, manager, '/admin/reminder-plans', form)
    t.equal(res.statusCode, 303)
    const made = (await plans())[1]
    uuid = made.uuid
    t.equal(res.headers.location, `/admin/reminder-plans/${uuid}?notice=created`)
    t.match(made, { name: 'Texts only', is_default: false, steps: [
      { channel: 'sms', offset_minutes: 1440, template: 'Hi {first_name}, see you {appointment_date} at {appointment_time}.', max_retries: 0 },
      { channel: 'email', offset_minutes: 90, only_if_unconfirmed: true, template: null },
    ] })
    t.match(await audit(), [{ username: 'manager', action: 'reminder-plan.create', target_type: 'reminder-plan', target_id: uuid }])
    const page = await get(app, manager, `/admin/reminder-plans/${uuid}?notice=created`)
    t.match(page.body, /Plan created/)
    t.match(page.body, /name="steps.1.hours" min="0" max="8760" step="any" value="1.5"/)
  })

  t.test('changed: a step removed, made the default (the old one stops being it); the default cannot just be unset', async (t) => {
    const res = await post(app, manager, `/admin/reminder-plans/${uuid}`, {
      name: 'Texts only', is_default: 'on', 'steps.0.channel': '', 'steps.1.channel': 'email', 'steps.1.hours': '3',
    })
    t.equal(res.statusCode, 303)
    t.match(await plans(), [{ name: 'Default', is_default: false }, { name: 'Texts only', is_default: true, steps: [{ channel: 'email', offset_minutes: 180 }] }])
    t.equal((await plans())[1].steps.length, 1)
    const unset = await post(app, manager, `/admin/reminder-plans/${uuid}`, { name: 'Texts only', 'steps.0.channel': 'email', 'steps.0.hours': '3' })
    t.equal(unset.statusCode, 400)
    t.match(unset.body, /is_default: make another plan the default instead/)
    t.equal((await plans())[1].is_default, true, 'still the default')
    t.match((await audit()).map((a) => a.action), ['reminder-plan.create', 'reminder-plan.update'])
    t.match((await get(app, manager, '/admin/audit')).body, /Changed a reminder plan/)
  })

  t.test('another organization: not found', async (t) => {
    const org = await createOrganization(call, { name: 'Elsewhere' })
    await createManager(call, 'elsewhere', org)
    const other = await login(app, 'elsewhere')
    t.equal((await get(app, other, `/admin/reminder-plans/${uuid}`)).statusCode, 404)
    t.equal((await post(app, other, `/admin/reminder-plans/${uuid}`, { name: 'Hijack', 'steps.0.channel': 'sms', 'steps.0.hours': '1' })).statusCode, 404)
    t.notMatch((await get(app, other, '/admin/reminder-plans')).body, /Texts only/)
    t.equal((await plans())[1].name, 'Texts only')
  })
})
