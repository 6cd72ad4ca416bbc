// CRM appointments in the admin UI: the list with confirmation counts, search, filter and CSV; the timeline of each
// step, attempt and word heard; marking one confirmed or cancelled by hand (through the answer path when a reminder
// already tried the patient: url_cancel fires once); choosing its reminders. Every write CSRF-checked and audited.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { receiver } from '../helpers/hook-receiver.js'
import { eventually } from '../helpers/worker.js'
import { createManager, createOrganization } from '../crm/helpers.js'
import { makePlan } from '../crm/reminders/helpers.js'
import { runAppointmentScenario } from './appointment-scenario.js'
import { get, login, post } from './helpers.js'

t.setTimeout(300_000)

t.test('appointments in the admin UI', async (t) => {
  const { hits, base } = await receiver(t)
  const server = await startTestServer(t, { OUTBOUND_URL_ALLOW: '127.0.0.1' }, { timeScale: 0.01 })
  const { app } = server
  const pool = server.deps.database.pool
  const s = await runAppointmentScenario(server)
  const admin = await login(app, 'admin')
  const manager = await login(app, 'manager')
  const row = async (uuid: string) => (await pool.query(
    `select a.confirmation_status, a.reminders_enabled, a.reminder_plan_id, n.note from appointment a
     left join appointment_note_link l on l.appointment_id = a.id and l.note_type = 2 left join appointment_note n on n.id = l.note_id
     where a.uuid = $1`, [uuid])).rows[0]
  const steps = async (uuid: string) => (await pool.query(
    `select r.channel, r.state, r.reason, r.plan_id, al.status as alarm_status, al.result from reminder r
     join appointment a on a.id = r.appointment_id left join alarm al on al.id = r.alarm_id where a.uuid = $1 order by r.id`, [uuid])).rows
  const audit = async () => (await pool.query('select username, action, target_type, target_id, detail from admin_audit order by id')).rows

  t.test('the list: patient, number, confirmation in words, counts, search, filter, CSV', async (t) => {
    const res = await get(app, admin, '/admin/appointments')
    t.equal(res.statusCode, 200)
    t.match(res.body, /Ada Byron/)
    t.match(res.body, /Grace Brewster/)
    t.match(res.body, new RegExp(`href="/admin/appointments/${s.confirmed.uuid}"`))
    t.match(res.body, />Confirmed<\/span>/)
    t.match(res.body, />Not confirmed yet<\/span>/)
    t.match(res.body, /Confirmed: <strong>1<\/strong>/, 'the counts above the list')
    t.match(res.body, /Not confirmed yet: <strong>1<\/strong>/)
    t.match(res.body, /href="\/admin">Overview<\/a><\/li><li><a href="\/admin\/appointments" aria-current="page">Appointments/, 'in the menu')
    const byName = await get(app, admin, '/admin/appointments?q=brewster')
    t.match(byName.body, /Grace Brewster/)
    t.notMatch(byName.body, /Ada Byron/)
    const byNumber = await get(app, admin, `/admin/appointments?q=${encodeURIComponent(s.confirmed.mobile.slice(-6))}`)
    t.match(byNumber.body, /Ada Byron/)
    t.notMatch(byNumber.body, /Grace Brewster/)
    const filtered = await get(app, admin, '/admin/appointments?outcome=unconfirmed')
    t.match(filtered.body, /Grace Brewster/)
    t.notMatch(filtered.body, /Ada Byron/)
    const bad = await get(app, admin, '/admin/appointments?outcome=maybe&date_from=tomorrow')
    t.equal(bad.statusCode, 400)
    t.match(bad.body, /outcome: &quot;maybe&quot; is not one of the outcomes listed/)
    t.match(bad.body, /date_from: &quot;tomorrow&quot; is not a date/)
    const csv = await get(app, admin, '/admin/appointments?format=csv&outcome=confirmed')
    t.equal(csv.statusCode, 200)
    t.match(csv.headers['content-type'], /text\/csv/)
    const lines = csv.body.trim().split(/\r?\n/)
    t.equal(lines.length, 2, 'a header and the one confirmed appointment')
    t.match(lines[0], /^appointment_uuid,start,end,appointment,patient,phones,confirmation/)
    t.match(lines[1], new RegExp(`^${s.confirmed.uuid},.*Check-up with Dr\\. Who,Ada Byron,.*Confirmed`))
  })

  t.test('the overview counts confirmations of the next 7 days, each a link to the list', async (t) => {
    const res = await get(app, admin, '/admin')
    t.equal(res.statusCode, 200)
    t.match(res.body, /Appointments today and the next 7 days \(2\)/)
    t.match(res.body, /href="\/admin\/appointments\?outcome=confirmed&amp;date_from=[\d-]+&amp;date_to=[\d-]+">Confirmed: <strong>1<\/strong>/)
    t.match(res.body, /<h3>Answers in the last 7 days<\/h3>\s*<ul class="counts"><li>Confirmed: <strong>1<\/strong>/)
  })

  t.test('the timeline: each step, the attempt, what the patient heard and pressed', async (t) => {
    const res = await get(app, admin, `/admin/appointments/${s.confirmed.uuid}`)
    t.equal(res.statusCode, 200)
    t.match(res.body, /<h1>Check-up with Dr\. Who<\/h1>/)
    t.match(res.body, /<dt>Patient<\/dt><dd>Ada Byron<\/dd>/)
    t.match(res.body, new RegExp(`${s.confirmed.mobile.replace('+', '\\+')} \\(mobile\\)`))
    t.match(res.body, /<h3>Phone call, 2 days before<\/h3>/)
    t.match(res.body, /<h3>Text message, 1 day before \(only if not confirmed yet\)<\/h3>/)
    t.match(res.body, /Stopped: the appointment was confirmed/, 'the text step says why it was not sent')
    t.match(res.body, /Attempt 1<\/strong> · <a href="\/admin\/alarm-requests\/\d+">/)
    t.match(res.body, /Heard: “Hello Ada\. This is Mitte Clinic with a reminder about your appointment\.”/)
    t.match(res.body, /<li>Pressed 1<\/li>/)
    t.match(res.body, /<a href="\/admin\/calls\/\d+">the call<\/a>/)
    t.match(res.body, /No number of this patient is on the do-not-contact list/)
    const waiting = await get(app, admin, `/admin/appointments/${s.waiting.uuid}`)
    t.match(waiting.body, /Not confirmed yet/)
    t.match(waiting.body, /Due [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d [A-Z+\d:-]+ · <span class="wait">Planned<\/span>/)
    t.equal((await get(app, admin, '/admin/appointments/not-a-uuid')).statusCode, 404)
    t.equal((await get(app, admin, '/admin/appointments/00000000-0000-4000-8000-000000000000')).statusCode, 404)
    const asManager = await get(app, manager, `/admin/appointments/${s.confirmed.uuid}`)
    t.equal(asManager.statusCode, 200, 'a manager of the organization sees it, as in the CRM API')
    t.match(asManager.body, /<li>Pressed 1<\/li>/)
    t.notMatch(asManager.body, /href="\/admin\/(alarm-requests|calls)\//, 'but no links to the alarm log, which is not theirs')
    const alarmLog = await get(app, admin, '/admin/alarm-requests')
    t.match(alarmLog.body, new RegExp(`href="/admin/appointments/${s.confirmed.uuid}"`), 'the reminder log links to the appointment')
  })

  t.test('another organization does not see it', async (t) => {
    const org = await createOrganization(server.call, { name: 'Elsewhere' })
    await createManager(server.call, 'elsewhere', org)
    const other = await login(app, 'elsewhere')
    t.equal((await get(app, other, `/admin/appointments/${s.confirmed.uuid}`)).statusCode, 404)
    t.notMatch((await get(app, other, '/admin/appointments')).body, /Ada Byron/)
    const res = await post(app, other, `/admin/appointments/${s.waiting.uuid}/answer`, { answer: 'confirmed', note: 'x' })
    t.equal(res.statusCode, 404)
    t.equal((await row(s.waiting.uuid)).confirmation_status, 'unconfirmed')
  })

  t.test('marked confirmed by hand before any reminder went out: the steps stop, noted and audited', async (t) => {
    const noToken = await app.inject({ method: 'POST', url: `/admin/appointments/${s.waiting.uuid}/answer`, headers: { cookie: manager, origin: 'http://localhost' }, payload: { answer: 'confirmed', note: 'x' } })
    t.equal(noToken.statusCode, 403, 'no CSRF token: refused')
    const noNote = await post(app, manager, `/admin/appointments/${s.waiting.uuid}/answer`, { answer: 'confirmed', note: '' })
    t.equal(noNote.statusCode, 400)
    t.match(noNote.body, /note/)
    const badAnswer = await post(app, manager, `/admin/appointments/${s.waiting.uuid}/answer`, { answer: 'maybe', note: 'x' })
    t.equal(badAnswer.statusCode, 400)
    t.match(badAnswer.body, /answer/)
    t.equal((await row(s.waiting.uuid)).confirmation_status, 'unconfirmed', 'nothing changed')
    t.same(await audit(), [])

    const res = await post(app, manager, `/admin/appointments/${s.waiting.uuid}/answer`, { answer: 'confirmed', note: 'Said so at the desk' })
    t.equal(res.statusCode, 303)
    t.equal(res.headers.location, `/admin/appointments/${s.waiting.uuid}?notice=confirmed`)
    const after = await row(s.waiting.uuid)
    t.equal(after.confirmation_status, 'confirmed')
    t.match(after.note, /^Confirmed by an administrator at \d\d:\d\d\nNote from manager: Said so at the desk$/)
    t.match(await steps(s.waiting.uuid), [{ state: 'cancelled', reason: 'confirmed', alarm_status: 7 }, { state: 'cancelled', reason: 'confirmed', alarm_status: 7 }])
    t.match(await audit(), [{ username: 'manager', action: 'appointment.confirm', target_type: 'appointment', target_id: s.waiting.uuid,
      detail: { note: 'Said so at the desk', previous_status: 'unconfirmed', alarm_request_id: null } }])
    const again = await post(app, manager, `/admin/appointments/${s.waiting.uuid}/answer`, { answer: 'confirmed', note: 'twice' })
    t.equal(again.statusCode, 409, 'already confirmed')
    t.equal((await audit()).length, 1)
    const page = await get(app, manager, `/admin/appointments/${s.waiting.uuid}?notice=confirmed`)
    t.match(page.body, /Marked confirmed/)
    t.notMatch(page.body, /value="confirmed">Mark confirmed/, 'only the other answer is offered')
    t.match(page.body, /value="cancelled"/)
    t.match((await get(app, admin, '/admin/audit')).body, /Marked an appointment confirmed/)
  })

  t.test('marked cancelled by hand after the call: through the attempt, url_cancel once', async (t) => {
    const patched = await server.call({ method: 'PATCH', url: `/rest-api/alarm/${s.confirmed.callAlarm}/`, as: 'admin', payload: { url_cancel: `${base}/cancel` } })
    t.equal(patched.statusCode, 200, patched.body)
    const res = await post(app, admin, `/admin/appointments/${s.confirmed.uuid}/answer`, { answer: 'cancelled', note: 'Phoned back to cancel' })
    t.equal(res.statusCode, 303)
    const after = await row(s.confirmed.uuid)
    t.equal(after.confirmation_status, 'cancelled')
    t.match(after.note, /Cancelled by an administrator at \d\d:\d\d, attempt 1\nNote from admin: Phoned back to cancel$/)
    t.match((await steps(s.confirmed.uuid))[0], { channel: 'call', result: 2 }, 'the call alarm now says cancelled')
    const [entry] = (await audit()).slice(-1)
    t.match(entry, { action: 'appointment.cancel', detail: { previous_status: 'confirmed' } })
    t.ok(Number(entry.detail.alarm_request_id) > 0, 'answered through the attempt')
    await eventually(async () => hits.length > 0 || null, 30_000)
    t.same(hits, ['/cancel'], 'url_cancel called once')
  })

  t.test('choosing the reminders: another plan plans the steps again; off stops them', async (t) => {
    const plan = await makePlan(server, [{ channel: 'sms', offset_minutes: 600 }], 'Text only')
    const fresh = await server.call({ method: 'POST', url: '/appointment/', as: 'manager', payload: {
      start_date: new Date(Date.now() + 5 * 86_400_000).toISOString(), end_date: new Date(Date.now() + 5 * 86_400_000 + 3_600_000).toISOString(),
      type: ['Checkup'], contact_uuid: (await pool.query(`select uuid from contact where last_name = 'Brewster'`)).rows[0].uuid,
    } })
    t.equal(fresh.statusCode, 201)
    const uuid = fresh.json().uuid
    const page = await get(app, admin, `/admin/appointments/${uuid}`)
    t.match(page.body, new RegExp(`<option value="${plan.uuid}">Text only</option>`))
    t.equal((await post(app, admin, `/admin/appointments/${uuid}/reminders`, { plan: 'nonsense', enabled: 'on' })).statusCode, 400)
    const res = await post(app, admin, `/admin/appointments/${uuid}/reminders`, { plan: plan.uuid, enabled: 'on' })
    t.equal(res.headers.location, `/admin/appointments/${uuid}?notice=reminders`)
    const planned = (await steps(uuid)).filter((r) => r.state === null)
    t.equal(planned.length, 1, 'one step planned: the plan\'s text')
    t.equal(planned[0].channel, 'sms')
    const same = await post(app, admin, `/admin/appointments/${uuid}/reminders`, { plan: plan.uuid, enabled: 'on' })
    t.equal(same.headers.location, `/admin/appointments/${uuid}?notice=unchanged`)
    await post(app, admin, `/admin/appointments/${uuid}/reminders`, { plan: plan.uuid })
    t.equal((await row(uuid)).reminders_enabled, false)
    t.same((await steps(uuid)).filter((r) => r.state === null), [], 'reminders off: nothing left to send')
    t.match((await audit()).filter((a) => a.action === 'appointment.reminders'), [
      { username: 'admin', target_id: uuid, detail: { summary: 'Reminders on, plan: Text only' } },
      { username: 'admin', target_id: uuid, detail: { summary: 'Reminders off, plan: Text only' } },
    ])
  })
})
