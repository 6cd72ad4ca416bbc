import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { createManager, createOrganization } from './helpers.js'

t.test('reminder plans', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const pool = deps.database.pool
  const post = (payload: object, as = 'manager') => call({ method: 'POST', url: '/reminderplans/', as, payload })

  t.test('every organization has its default plan: a call 2 days before, an SMS 1 day before if still unconfirmed', async (t) => {
    const list = (await call({ method: 'GET', url: '/reminderplans/', as: 'manager' })).json()
    t.equal(list.count, 1)
    t.match(list.results[0], {
      uuid: /^[0-9a-f-]{36}$/, url: /\/reminderplans\/[0-9a-f-]{36}\/$/, name: 'Default', is_default: true,
      steps: [
        { channel: 'call', offset_minutes: 2880, only_if_unconfirmed: false, survey: null, template: null, max_retries: 2, retry_delay: 3600 },
        { channel: 'sms', offset_minutes: 1440, only_if_unconfirmed: true, survey: null, template: null, max_retries: 0 },
      ],
    })
    t.equal((await call({ method: 'GET', url: '/reminderplans/' })).statusCode, 401, 'authenticated like /appointment/')
  })

  t.test('create, read, change; defaults filled', async (t) => {
    const res = await post({ name: ' Short notice ', steps: [{ channel: 'sms', offset_minutes: 120, template: 'Hi {first_name}, see you at {appointment_time}.' }, { channel: 'email', offset_minutes: 1440 }] })
    t.equal(res.statusCode, 201, res.body)
    const plan = res.json()
    t.equal(res.headers.location, plan.url)
    t.match(plan, {
      name: 'Short notice', is_default: false,
      steps: [
        { channel: 'sms', offset_minutes: 120, only_if_unconfirmed: false, template: 'Hi {first_name}, see you at {appointment_time}.', max_retries: 0, retry_delay: 3600 },
        { channel: 'email', offset_minutes: 1440, template: null, subject: null },
      ],
    })
    t.same((await call({ method: 'GET', url: `/reminderplans/${plan.uuid}/`, as: 'manager' })).json(), plan)
    const patched = (await call({ method: 'PATCH', url: `/reminderplans/${plan.uuid}/`, as: 'manager', payload: { name: 'Renamed' } })).json()
    t.match(patched, { name: 'Renamed', steps: plan.steps })
    const put = await call({ method: 'PUT', url: `/reminderplans/${plan.uuid}/`, as: 'manager', payload: { name: 'Put', steps: [{ channel: 'call', offset_minutes: 60, survey: 1, max_retries: 0 }] } })
    t.equal(put.statusCode, 200, put.body)
    t.match(put.json(), { name: 'Put', is_default: false, steps: [{ channel: 'call', offset_minutes: 60, survey: 1, max_retries: 0 }] })
    t.equal((await call({ method: 'GET', url: '/reminderplans/nope/', as: 'manager' })).statusCode, 404)
  })

  t.test('bad steps: a 400 naming each field, nothing stored', async (t) => {
    const { rows } = await pool.query(`insert into sealed_survey (name, tts_language, tts_voice, definition, user_id, builtin)
      values ('mystery', 'en-US', 'alice', $1, null, true) returning id`,
    [JSON.stringify({ version: 1, start: 'a', nodes: [{ id: 'a', type: 'hangup', prompt: { script: 'Your {mystery} awaits' } }] })])
    const before = (await pool.query('select count(*)::int as n from reminder_plan')).rows[0].n
    const cases: [unknown, string, RegExp][] = [
      [[{ channel: 'fax', offset_minutes: 1 }], 'steps.0.channel', /call, sms, email/],
      [[{ channel: 'sms', offset_minutes: 1, survey: 1 }], 'steps.0.survey', /only a call step/],
      [[{ channel: 'call', offset_minutes: 1, template: 'Hi' }], 'steps.0.template', /texts are for sms and email/],
      [[{ channel: 'sms', offset_minutes: 1, subject: 'Hi' }], 'steps.0.subject', /only an email step/],
      [[{ channel: 'sms', offset_minutes: 1 }, { channel: 'sms', offset_minutes: 2, template: 'Hi {nickname}' }], 'steps.1.template', /cannot fill \{nickname\}/],
      [[{ channel: 'call', offset_minutes: 1, survey: 99999 }], 'steps.0.survey', /does not exist/],
      [[{ channel: 'call', offset_minutes: 1, survey: 'http://x/rest-api/sealed-survey/' + rows[0].id + '/' }], 'steps.0.survey', /speaks \{mystery\}/],
      [[{ channel: 'call', offset_minutes: -5 }], 'steps.0.offset_minutes', /./],
    ]
    for (const [steps, field, problem] of cases) {
      const res = await post({ name: 'bad', steps })
      t.equal(res.statusCode, 400, `${field}: ${res.body}`)
      t.match(res.json().error.fields?.[field], problem, field)
    }
    t.equal((await post({ name: '  ', steps: [] })).json().error.fields.name, 'This field may not be blank.')
    t.equal((await pool.query('select count(*)::int as n from reminder_plan')).rows[0].n, before)
  })

  t.test('one default at a time; the default is replaced, never removed', async (t) => {
    const list = async () => (await call({ method: 'GET', url: '/reminderplans/', as: 'manager' })).json().results
    const first = (await list()).find((p: any) => p.is_default)
    const next = (await post({ name: 'New default', is_default: true, steps: [{ channel: 'call', offset_minutes: 1440 }] })).json()
    t.same((await list()).filter((p: any) => p.is_default).map((p: any) => p.uuid), [next.uuid], 'the flag moved')
    const unset = await call({ method: 'PATCH', url: `/reminderplans/${next.uuid}/`, as: 'manager', payload: { is_default: false } })
    t.equal(unset.statusCode, 400)
    t.match(unset.json().error.fields, { is_default: /make another plan the default/ })
    t.equal((await call({ method: 'DELETE', url: `/reminderplans/${next.uuid}/`, as: 'manager' })).statusCode, 409)
    const back = await call({ method: 'PATCH', url: `/reminderplans/${first.uuid}/`, as: 'manager', payload: { is_default: true } })
    t.match(back.json(), { is_default: true })
    t.equal((await call({ method: 'DELETE', url: `/reminderplans/${next.uuid}/`, as: 'manager' })).statusCode, 204)
  })

  t.test('appointments name a plan by uuid; a deleted plan falls back to the default; answers are read-only', async (t) => {
    const plan = (await post({ name: 'Named', steps: [] })).json()
    const base = { start_date: '2018-01-01T10:00:00Z', end_date: '2018-01-01T11:00:00Z', type: ['x'] }
    const a = (await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: { ...base, reminder_plan: `http://localhost/reminderplans/${plan.uuid}/` } })).json()
    t.match(a, { reminder_plan: plan.uuid, reminders_enabled: true, confirmation_status: 'unconfirmed', confirmation_changed_at: null })
    const bad = await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: { ...base, reminder_plan: '77777777-7777-4777-8777-777777777777' } })
    t.equal(bad.statusCode, 400)
    t.ok(bad.json().error.fields.reminder_plan)
    const ignored = await call({ method: 'PATCH', url: `/appointment/${a.uuid}/`, as: 'manager', payload: { confirmation_status: 'confirmed', confirmation_changed_at: '2020-01-01T00:00:00Z', name: 'x' } })
    t.match(ignored.json(), { name: 'x', confirmation_status: 'unconfirmed', confirmation_changed_at: null }, 'confirmation is written by the answers only')
    t.equal((await call({ method: 'DELETE', url: `/reminderplans/${plan.uuid}/`, as: 'manager' })).statusCode, 204)
    t.match((await call({ method: 'GET', url: `/appointment/${a.uuid}/`, as: 'manager' })).json(), { reminder_plan: null })
  })

  t.test('organizations see only their own plans, and get their own default', async (t) => {
    const org = await createOrganization(call, { name: 'Elsewhere' })
    await createManager(call, 'planner', org)
    const mine = (await post({ name: 'Mine', steps: [] })).json()
    const theirs = (await call({ method: 'GET', url: '/reminderplans/', as: 'planner' })).json()
    t.equal(theirs.count, 1)
    t.match(theirs.results[0], { name: 'Default', is_default: true })
    t.not(theirs.results[0].uuid, mine.uuid)
    t.equal((await call({ method: 'GET', url: `/reminderplans/${mine.uuid}/`, as: 'planner' })).statusCode, 404)
    t.equal((await call({ method: 'PATCH', url: `/reminderplans/${mine.uuid}/`, as: 'planner', payload: { name: 'stolen' } })).statusCode, 404)
    const use = await call({ method: 'POST', url: '/appointment/', as: 'planner', payload: { start_date: '2018-01-01T10:00:00Z', end_date: '2018-01-01T11:00:00Z', type: ['x'], reminder_plan: mine.uuid } })
    t.equal(use.statusCode, 400, "another organization's plan is not found")
    const asAdmin = (await call({ method: 'GET', url: `/reminderplans/?organization=${org.uuid}`, as: 'admin' })).json()
    t.same(asAdmin.results.map((p: any) => p.name), ['Default'], 'an admin works in another organization with ?organization=')
  })
})
