import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from '../calendar/helpers.js'
import { get, login, post } from './helpers.js'

const rowsOf = (body: string) => (body.match(/<tr>\n<td>/g) ?? []).length

t.test('admin pages', async (t) => {
  const { app, deps, call } = await buildTestApp(t)
  const pool = deps.database.pool
  await pool.query(`update organization set timezone = 'America/New_York' where id = 1`)
  const mine = await makeTenant(call, deps, 'manager')
  const other = await makeTenant(call, deps)
  await pool.query('update event set title = $1 where id = $2', ['<script>alert(1)</script>', mine.eventId])
  const alarmOf = async (as: string, event: number) =>
    expectStatus(await call({ method: 'POST', url: '/rest-api/alarm/', as, payload: { event, alarm_phonenumber: '+14155550100' } }), 201).id as number
  const newCall = async (userId: number, surveyId: number, to: string) => (await pool.query(
    `insert into call (organization_id, user_id, gateway_id, sealed_survey_id, from_number, to_number, status, callstatus, answered_by, result, duration, error)
     values (1, $1, 1, $2, '+14155550000', $3, 'completed', 4, 'human', 1, 75, $4) returning id`,
    [userId, surveyId, to, '<i>carrier said no</i>'])).rows[0].id as number
  const attempt = async (alarm: number, status: number, date: string, callId: number | null) => (await pool.query(
    'insert into alarm_request (alarm_id, date, status, callstatus, duration, call_id) values ($1, $2, $3, 4, 75, $4) returning id',
    [alarm, date, status, callId])).rows[0].id as number

  const myAlarm = await alarmOf('manager', mine.eventId)
  const theirAlarm = await alarmOf(other.manager, other.eventId)
  const myCall = await newCall(mine.managerId, mine.surveyId, '+14155550111')
  const theirCall = await newCall(other.managerId, other.surveyId, '+14155550999')
  await pool.query(`insert into survey_result (call_id, sealed_survey_id, node_id, response) values ($1, $2, 'confirm', '1'), ($1, $2, 'comment', '<b>hi</b>')`,
    [myCall, mine.surveyId])
  const success = await attempt(myAlarm, 5, '2030-01-10T08:00:00Z', myCall)
  const failure = await attempt(myAlarm, 3, '2030-01-12T08:00:00Z', null)
  const theirs = await attempt(theirAlarm, 5, '2030-01-10T09:00:00Z', theirCall)

  const manager = await login(app, 'manager')
  const admin = await login(app, 'admin')

  t.test('alarm request log: newest first, labels, escaped titles, organization time', async (t) => {
    const res = await get(app, manager, '/admin')
    t.equal(res.statusCode, 200)
    const body = res.body
    t.notMatch(body, /<script>alert/, 'the event title is escaped')
    t.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    t.equal(rowsOf(body), 2, "only the manager's own attempts")
    t.ok(body.indexOf(`<td>${failure}</td>`) < body.indexOf(`<td>${success}</td>`), 'newest first')
    t.notMatch(body, new RegExp(`<td>${theirs}</td>`), "another manager's attempt is not listed")
    t.match(body, new RegExp(`<td>${success}</td><td>2030-01-10 03:00:00 EST</td>`), 'in the organization time zone')
    t.match(body, /<td>Call<\/td><td>Success<\/td>\n<td>Completed<\/td><td class="num">1m 15s<\/td>/)
    t.match(body, new RegExp(`<a href="/admin/calls/${myCall}">call #${myCall}</a>`))
    t.match(body, /<td>Call<\/td><td>Failure<\/td>/)
    t.equal(rowsOf((await get(app, admin, '/admin')).body), 3, 'admins see every attempt')
  })

  t.test('alarm request log filters', async (t) => {
    const ids = async (query: string) => {
      const res = await get(app, manager, `/admin?${query}`)
      t.equal(res.statusCode, 200, query)
      return [...res.body.matchAll(/<tr>\n<td>(\d+)<\/td>/g)].map((m) => Number(m[1]))
    }
    t.same(await ids('status=3'), [failure])
    t.same(await ids('status=5'), [success])
    t.same(await ids('status='), [failure, success], 'an empty filter is no filter')
    t.same(await ids('date_from=2030-01-11'), [failure])
    t.same(await ids('date_to=2030-01-10'), [success], '"to" includes the day it names')
    t.same(await ids('date_from=2030-01-10&date_to=2030-01-10&status=3'), [])
    const bad = await get(app, manager, '/admin?status=9&date_from=tomorrow')
    t.equal(bad.statusCode, 400)
    t.match(bad.body, /status: &quot;9&quot; is not a known status/)
    t.match(bad.body, /date_from: &quot;tomorrow&quot; is not a date/)
    const selected = await get(app, manager, '/admin?status=3')
    t.match(selected.body, /<option value="3" selected>Failure<\/option>/)
  })

  t.test('alarm request log pages', async (t) => {
    const values = Array.from({ length: 55 }, (_, i) => `(${theirAlarm}, '2029-06-01T00:00:00Z'::timestamptz + interval '${i} minutes', 1)`).join(',')
    await pool.query(`insert into alarm_request (alarm_id, date, status) values ${values}`)
    const first = await get(app, admin, '/admin?status=1')
    t.equal(rowsOf(first.body), 50)
    t.match(first.body, /<a href="\/admin\?status=1&amp;page=2">Older →<\/a>/)
    t.match(first.body, /Page 1 of 2 · 55 in all/)
    const second = await get(app, admin, '/admin?status=1&page=2')
    t.equal(rowsOf(second.body), 5)
    t.match(second.body, /<a href="\/admin\?status=1">← Newer<\/a>/)
  })

  t.test('calls: scoped like the API, with answers', async (t) => {
    const list = await get(app, manager, '/admin/calls')
    t.equal(list.statusCode, 200)
    t.match(list.body, /\+14155550111/)
    t.notMatch(list.body, /\+14155550999/, "another manager's call is not listed")
    t.match(list.body, /&lt;i&gt;carrier said no&lt;\/i&gt;/)
    const adminList = await get(app, admin, '/admin/calls')
    t.match(adminList.body, /\+14155550999/)
    t.match(adminList.body, /\+14155550111/)

    const detail = await get(app, manager, `/admin/calls/${myCall}`)
    t.equal(detail.statusCode, 200)
    t.match(detail.body, /<dt>Answered by<\/dt><dd>human<\/dd>/)
    t.match(detail.body, /<dt>Result<\/dt><dd>Confirmed<\/dd>/)
    t.match(detail.body, /<dt>Duration<\/dt><dd>1m 15s<\/dd>/)
    t.match(detail.body, /<td>confirm<\/td><td>1<\/td>/)
    t.match(detail.body, /<td>comment<\/td><td>&lt;b&gt;hi&lt;\/b&gt;<\/td>/)
    t.match(detail.body, / E[SD]T<\/dd>/, 'times in the organization zone')

    const foreign = await get(app, manager, `/admin/calls/${theirCall}`)
    t.equal(foreign.statusCode, 404)
    t.match(foreign.headers['content-type'], /^text\/html/)
    t.notMatch(foreign.body, /\+14155550999/)
    t.equal((await get(app, admin, `/admin/calls/${theirCall}`)).statusCode, 200)
    t.equal((await get(app, manager, '/admin/calls/abc')).statusCode, 400)
  })

  t.test('outbox: stored e-mail, admins only', async (t) => {
    await pool.query(`insert into email_message ("to", "from", subject, text, message_id, status)
      values ('pat@example.com', 'Tocsin <t@localhost>', '<b>Your appointment</b>', 'See you at 9 & bring <ID>', '<m1@localhost>', 'stored')`)
    const res = await get(app, admin, '/admin/outbox')
    t.equal(res.statusCode, 200)
    t.match(res.body, /pat@example\.com/)
    t.match(res.body, /<td>stored<\/td>/)
    t.match(res.body, /<summary>&lt;b&gt;Your appointment&lt;\/b&gt;<\/summary><pre>See you at 9 &amp; bring &lt;ID&gt;<\/pre>/)
    t.match(res.body, /SMTP_URL is not set/)
    const refused = await get(app, manager, '/admin/outbox')
    t.equal(refused.statusCode, 403)
    t.notMatch(refused.body, /pat@example\.com/)
    t.notMatch((await get(app, manager, '/admin')).body, /href="\/admin\/outbox"/, 'not offered to managers')
  })

  t.test('do-not-contact: add, validate, remove, scoped to the organization', async (t) => {
    const count = async () => (await pool.query('select count(*)::int as n from do_not_contact where organization_id = 1')).rows[0].n as number
    const added = await post(app, manager, '/admin/do-not-contact', { phone_number: '(415) 555-0101', reason: 'asked on the phone' })
    t.equal(added.statusCode, 303)
    t.equal(added.headers.location, '/admin/do-not-contact?notice=added')
    const { rows } = await pool.query('select id, organization_id, phone_number, reason, source from do_not_contact')
    t.match(rows, [{ organization_id: 1, phone_number: '+14155550101', reason: 'asked on the phone', source: 'admin' }])
    const id = rows[0].id as number
    const page = await get(app, manager, '/admin/do-not-contact?notice=added')
    t.match(page.body, /The number was added/)
    t.match(page.body, /<td>\+14155550101<\/td><td>asked on the phone<\/td><td>admin<\/td>/)

    const again = await post(app, admin, '/admin/do-not-contact', { phone_number: '+1 415 555 0101' })
    t.equal(again.headers.location, '/admin/do-not-contact?notice=exists')
    t.equal(await count(), 1)

    const bad = await post(app, manager, '/admin/do-not-contact', { phone_number: '<b>12</b>', reason: 'x' })
    t.equal(bad.statusCode, 400)
    t.match(bad.body, /<div class="error">phone_number: &quot;&lt;b&gt;12&lt;\/b&gt;&quot; is not a valid phone number<\/div>/)
    t.match(bad.body, /name="phone_number" required value="&lt;b&gt;12&lt;\/b&gt;"/, 'the input is kept, escaped')
    const missing = await post(app, manager, '/admin/do-not-contact', { phone_number: ' ' })
    t.equal(missing.statusCode, 400)
    t.match(missing.body, /phone_number: This field is required/)
    t.equal(await count(), 1, 'nothing written on invalid input')

    const org2 = (await pool.query(`insert into organization (name) values ('Elsewhere') returning id`)).rows[0].id
    const foreignId = (await pool.query(`insert into do_not_contact (organization_id, phone_number) values ($1, '+14155550777') returning id`, [org2])).rows[0].id
    t.notMatch((await get(app, admin, '/admin/do-not-contact')).body, /14155550777/, "another organization's list is not shown")
    const foreignDelete = await post(app, admin, `/admin/do-not-contact/${foreignId}/delete`, {})
    t.equal(foreignDelete.statusCode, 404)
    t.equal((await pool.query('select count(*)::int as n from do_not_contact where id = $1', [foreignId])).rows[0].n, 1)

    const removed = await post(app, manager, `/admin/do-not-contact/${id}/delete`, {})
    t.equal(removed.statusCode, 303)
    t.equal(removed.headers.location, '/admin/do-not-contact?notice=removed')
    t.equal(await count(), 0)
    const { rows: log } = await pool.query("select action, source, user_id from consent_log where phone_number = '+14155550101' order by id")
    t.match(log, [{ action: 'opt-out', source: 'admin', user_id: 2 }, { action: 'opt-in', source: 'admin', user_id: 2 }], 'both changes in the consent log')
  })

  t.test('calendar users: their own log, no do-not-contact', async (t) => {
    const cu = await login(app, mine.calendarUser)
    const log = await get(app, cu, '/admin')
    t.equal(log.statusCode, 200)
    t.equal(rowsOf(log.body), 2)
    t.notMatch(log.body, /href="\/admin\/do-not-contact"/)
    t.equal((await get(app, cu, '/admin/do-not-contact')).statusCode, 403)
    t.equal((await post(app, cu, '/admin/do-not-contact', { phone_number: '+14155550101' })).statusCode, 403)
    const theirCu = await login(app, other.calendarUser)
    const theirLog = (await get(app, theirCu, '/admin')).body
    t.match(theirLog, /56 in all/, 'their one attempt plus the 55 of the paging test')
    t.notMatch(theirLog, /&lt;script&gt;/, "not this manager's event")
  })
})
