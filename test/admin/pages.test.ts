import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from '../calendar/helpers.js'
import { get, login, post } from './helpers.js'

/** The attempt ids a log page links to, in order. */
const attemptIds = (body: string) => [...body.matchAll(/<td class="when"><a href="\/admin\/alarm-requests\/(\d+)">/g)].map((m) => Number(m[1]))

t.test('admin pages', async (t) => {
  const { app, deps, call } = await buildTestApp(t)
  const pool = deps.database.pool
  await pool.query(`update organization set timezone = 'America/New_York' where id = 1`)
  const mine = await makeTenant(call, deps, 'manager')
  const other = await makeTenant(call, deps)
  const adminOwned = await makeTenant(call, deps, 'admin')
  await pool.query('update event set title = $1, data = $2 where id = $3',
    ['<script>alert(1)</script>', { first_name: 'Ada', last_name: 'Lovelace' }, mine.eventId])
  await pool.query('update event set title = $1, data = $2 where id = $3', ['=HYPERLINK("http://evil")', { name: 'Bob Other' }, other.eventId])
  const alarmOf = async (as: string, event: number, phone: string) =>
    expectStatus(await call({ method: 'POST', url: '/rest-api/alarm/', as, payload: { event, alarm_phonenumber: phone, maxretry: 2 } }), 201).id as number
  const newCall = async (userId: number, surveyId: number, to: string, result: number) => (await pool.query(
    `insert into call (organization_id, user_id, gateway_id, sealed_survey_id, from_number, to_number, status, callstatus, answered_by, result, duration)
     values (1, $1, 1, $2, '+14155550000', $3, 'completed', 4, 'human', $4, 75) returning id`, [userId, surveyId, to, result])).rows[0].id as number
  const attempt = async (alarm: number, status: number, date: string, fields: { callId?: number; reason?: string; retryAt?: string } = {}) => (await pool.query(
    'insert into alarm_request (alarm_id, date, status, callstatus, duration, call_id, reason, retry_at) values ($1, $2, $3, 4, 75, $4, $5, $6) returning id',
    [alarm, date, status, fields.callId ?? null, fields.reason ?? null, fields.retryAt ?? null])).rows[0].id as number

  const myAlarm = await alarmOf('manager', mine.eventId, '+14155550111')
  const theirAlarm = await alarmOf(other.manager, other.eventId, '+14155550999')
  const adminAlarm = await alarmOf('admin', adminOwned.eventId, '+14155550555')
  const myCall = await newCall(mine.managerId, mine.surveyId, '+14155550111', 1)
  const confirmed = await attempt(myAlarm, 5, '2030-01-10T08:00:00Z', { callId: myCall })
  await pool.query('update call set calendar_id = $1, alarm_request_id = $2 where id = $3', [mine.calendarId, confirmed, myCall])
  const busy = await attempt(myAlarm, 4, '2030-01-11T08:00:00Z', { reason: 'busy', retryAt: '2030-01-11T19:10:00Z' })
  const optedOut = await attempt(myAlarm, 3, '2030-01-12T08:00:00Z', { callId: 999999, reason: 'do-not-contact' })
  const theirs = await attempt(theirAlarm, 3, '2030-01-10T09:00:00Z', { reason: 'no-calendar-setting' })
  const adminsOwn = await attempt(adminAlarm, 3, '2030-01-10T10:00:00Z', { reason: 'no-answer' })

  const manager = await login(app, 'manager')
  const admin = await login(app, 'admin')

  t.test('the reminder log, in words', async (t) => {
    const res = await get(app, manager, '/admin/alarm-requests')
    t.equal(res.statusCode, 200)
    const body = res.body
    t.notMatch(body, /<script>alert/, 'the appointment title is escaped')
    t.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    t.same(attemptIds(body), [optedOut, busy, confirmed], "the manager's own attempts, newest first")
    t.match(body, /Times are in America\/New_York\./)
    t.match(body, new RegExp(`<a href="/admin/alarm-requests/${confirmed}">Thu 10 Jan 2030, 03:00 EST</a>`), 'in the organization zone, named')
    t.match(body, /<td>Ada Lovelace<\/td>\n<td><span class="ok">Confirmed<\/span><\/td>/, 'the patient, then what happened')
    t.match(body, /<td class="nowrap">\+14155550111<\/td><td>Call<\/td><td class="nowrap">1 of 3<\/td>/)
    t.match(body, /<span class="ok">Confirmed<\/span>/)
    t.match(body, /<span class="wait">Line busy — will retry at Fri 11 Jan, 14:10<\/span>/)
    t.match(body, /<span class="bad">Not called: number opted out<\/span>/)
    t.match(body, /1 of 3/)
    t.notMatch(body.slice(body.indexOf('<main')), /Alarm #|call #|#\d/, 'no jargon ids')
    t.same(attemptIds((await get(app, admin, '/admin/alarm-requests')).body), [optedOut, busy, adminsOwn, theirs, confirmed], 'an admin sees the organization')
  })

  t.test('search, outcome and date filters', async (t) => {
    const ids = async (query: string, as = manager) => {
      const res = await get(app, as, `/admin/alarm-requests?${query}`)
      t.equal(res.statusCode, 200, query)
      return attemptIds(res.body)
    }
    t.same(await ids('outcome=confirmed'), [confirmed])
    t.same(await ids('outcome=retrying'), [busy])
    t.same(await ids('outcome=opted-out'), [optedOut])
    t.same(await ids('outcome=not-contacted', admin), [theirs])
    t.same(await ids('outcome=failed', admin), [adminsOwn])
    t.same(await ids('outcome='), [optedOut, busy, confirmed], 'an empty filter is no filter')
    t.same(await ids('q=lovelace'), [optedOut, busy, confirmed], 'by name, any case')
    t.same(await ids('q=Bob', admin), [theirs])
    t.same(await ids('q=(415)%20555-0999', admin), [theirs], 'by number, however it is written')
    t.same(await ids('q=555%200555', admin), [adminsOwn])
    t.same(await ids('q=100%25'), [], 'LIKE wildcards are literal')
    t.same(await ids('date_from=2030-01-11'), [optedOut, busy])
    t.same(await ids('date_to=2030-01-10'), [confirmed], '"to" includes the day it names')
    t.same(await ids('date_from=2030-01-10&date_to=2030-01-10&outcome=retrying'), [])
    const bad = await get(app, manager, '/admin/alarm-requests?outcome=nope&date_from=tomorrow')
    t.equal(bad.statusCode, 400)
    t.match(bad.body, /outcome: &quot;nope&quot; is not one of the outcomes listed/)
    t.match(bad.body, /date_from: &quot;tomorrow&quot; is not a date/)
    t.match((await get(app, manager, '/admin/alarm-requests?outcome=retrying')).body, /<option value="retrying" selected>Will retry<\/option>/)
    t.equal((await get(app, manager, `/admin/alarm-requests?q=${'x'.repeat(101)}`)).statusCode, 400, 'an over-long search is a 400, not a 500')
  })

  t.test('CSV export of exactly what the filters show', async (t) => {
    const res = await get(app, admin, '/admin/alarm-requests?format=csv&q=Bob')
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^text\/csv/)
    t.match(res.headers['content-disposition'], /^attachment; filename="reminders-\d{4}-\d{2}-\d{2}\.csv"$/)
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n')
    t.equal(lines[0], 'attempt_id,time,patient,number,appointment,appointment_start,calendar,channel,attempt,of,outcome,reason_code,details,retry_at,call_id,fallback_text_id')
    t.equal(lines.length, 2)
    t.match(lines[1], new RegExp(`^${theirs},2030-01-10T04:00:00-05:00,Bob Other,\\+14155550999,"'=HYPERLINK\\(""http://evil""\\)",`), 'a formula is defused')
    t.match(lines[1], /,Not called: no voice line set up for calendar [^,]+,no-calendar-setting,/)
    const all = (await get(app, manager, '/admin/alarm-requests?format=csv')).body.trim().split('\r\n')
    t.equal(all.length, 4, 'header and the three rows of the manager')
    for (const url of ['/admin/calls?format=csv', '/admin/messages?format=csv', '/admin/do-not-contact?format=csv', '/admin/audit?format=csv', '/admin/outbox?format=csv']) {
      const csv = await get(app, admin, url)
      t.equal(csv.statusCode, 200, url)
      t.match(csv.headers['content-type'], /^text\/csv/, url)
    }
  })

  t.test('detail pages exist for every row and are scoped', async (t) => {
    const page = await get(app, manager, `/admin/alarm-requests/${confirmed}`)
    t.equal(page.statusCode, 200)
    t.match(page.body, /<h1>Call reminder to Ada Lovelace<\/h1>/)
    t.match(page.body, new RegExp(`href="/admin/calls/${myCall}"`))
    t.match(page.body, new RegExp(`href="/admin/events/${mine.eventId}"`))
    const dangling = await get(app, manager, `/admin/alarm-requests/${optedOut}`)
    t.notMatch(dangling.body, /\/admin\/calls\/999999/, 'a call id without a call is not linked')
    const foreign = await get(app, manager, `/admin/alarm-requests/${theirs}`)
    t.equal(foreign.statusCode, 404)
    t.notMatch(foreign.body, /Bob Other/)
    t.equal((await get(app, manager, `/admin/events/${other.eventId}`)).statusCode, 404)
    t.equal((await get(app, admin, `/admin/events/${other.eventId}`)).statusCode, 200)
    t.equal((await get(app, manager, '/admin/alarm-requests/abc')).statusCode, 400)
    t.equal((await get(app, manager, '/admin/alarm-requests/99999999999')).statusCode, 400)
  })

  t.test('scoped like the API, for every role', async (t) => {
    const apiIds = async (as: string) => (expectStatus(await call({ method: 'GET', url: '/rest-api/alarm-request/?page_size=100', as }), 200).results as { url: string }[])
      .map((r) => Number(/\/(\d+)\/$/.exec(r.url)![1])).sort((a, b) => a - b)
    const uiIds = async (cookie: string) => attemptIds((await get(app, cookie, '/admin/alarm-requests')).body).sort((a, b) => a - b)
    t.same(await uiIds(manager), await apiIds('manager'), 'manager')
    t.same(await uiIds(await login(app, other.manager)), await apiIds(other.manager), 'another manager')
    t.same(await uiIds(await login(app, mine.calendarUser)), await apiIds(mine.calendarUser), 'a calendar user')
    t.same(await uiIds(admin), await apiIds('admin'), 'admin (one organization here)')
    t.notOk((await uiIds(manager)).includes(adminsOwn), "the admin's own calendar users are not the manager's")
  })

  t.test('calls: words, answers, scope', async (t) => {
    await pool.query(`insert into survey_result (call_id, sealed_survey_id, node_id, response) values ($1, $2, 'ask', '1')`, [myCall, mine.surveyId])
    const list = await get(app, manager, '/admin/calls')
    t.equal(list.statusCode, 200)
    t.match(list.body, /\+14155550111/)
    t.match(list.body, /<span class="ok">Confirmed<\/span>/)
    const detail = await get(app, manager, `/admin/calls/${myCall}`)
    t.equal(detail.statusCode, 200)
    t.match(detail.body, /<dt>Answered by<\/dt><dd>A person<\/dd>/)
    t.match(detail.body, /<td>Pressed 1<\/td>/)
    const foreign = await newCall(other.managerId, other.surveyId, '+14155550998', 0)
    t.equal((await get(app, manager, `/admin/calls/${foreign}`)).statusCode, 404)
    t.notMatch((await get(app, manager, '/admin/calls')).body, /14155550998/)
    t.match((await get(app, admin, '/admin/calls')).body, /14155550998/)
  })

  t.test('outbox: stored e-mail, admins only', async (t) => {
    await pool.query(`insert into email_message ("to", "from", subject, text, message_id, status)
      values ('pat@example.com', 'Tocsin <t@localhost>', '<b>Your appointment</b>', 'See you at 9 & bring <ID>', '<m1@localhost>', 'stored')`)
    const res = await get(app, admin, '/admin/outbox')
    t.equal(res.statusCode, 200)
    t.match(res.body, /pat@example\.com/)
    t.match(res.body, /<summary>&lt;b&gt;Your appointment&lt;\/b&gt;<\/summary><pre>See you at 9 &amp; bring &lt;ID&gt;<\/pre>/)
    t.match(res.body, /SMTP_URL is not set/)
    t.equal((await get(app, manager, '/admin/outbox')).statusCode, 403)
    t.notMatch((await get(app, manager, '/admin')).body, /href="\/admin\/outbox"/, 'not offered to managers')
  })

  t.test('do-not-contact: add, validate, remove, audited, scoped to the organization', async (t) => {
    const count = async () => (await pool.query('select count(*)::int as n from do_not_contact where organization_id = 1')).rows[0].n as number
    const added = await post(app, manager, '/admin/do-not-contact', { phone_number: '(415) 555-0100', reason: 'asked on the phone' })
    t.equal(added.statusCode, 303)
    t.equal(added.headers.location, '/admin/do-not-contact?notice=added')
    const { rows } = await pool.query('select id, phone_number, reason, source from do_not_contact where organization_id = 1')
    t.match(rows, [{ phone_number: '+14155550100', reason: 'asked on the phone', source: 'admin' }])
    const id = rows[0].id as number
    const page = await get(app, manager, '/admin/do-not-contact?notice=added')
    t.match(page.body, /The number was added/)
    t.match(page.body, /<td class="nowrap">\+14155550100<\/td><td>asked on the phone<\/td><td>Added here<\/td>/)
    t.match(page.body, /aria-label="Remove \+14155550100"/)
    t.equal((await post(app, admin, '/admin/do-not-contact', { phone_number: '+1 415 555 0100' })).headers.location, '/admin/do-not-contact?notice=exists')
    const bad = await post(app, manager, '/admin/do-not-contact', { phone_number: '<b>12</b>', reason: 'x' })
    t.equal(bad.statusCode, 400)
    t.match(bad.body, /phone_number: &quot;&lt;b&gt;12&lt;\/b&gt;&quot; is not a valid phone number/)
    t.equal((await post(app, manager, '/admin/do-not-contact', { phone_number: ' ' })).statusCode, 400)
    t.equal(await count(), 1, 'nothing written on invalid input')

    const org2 = (await pool.query(`insert into organization (name) values ('Elsewhere') returning id`)).rows[0].id
    const foreignId = (await pool.query(`insert into do_not_contact (organization_id, phone_number) values ($1, '+14155550777') returning id`, [org2])).rows[0].id
    t.notMatch((await get(app, admin, '/admin/do-not-contact')).body, /14155550777/, "another organization's list is not shown")
    t.equal((await post(app, admin, `/admin/do-not-contact/${foreignId}/delete`, {})).statusCode, 404)
    t.equal((await pool.query('select count(*)::int as n from do_not_contact where id = $1', [foreignId])).rows[0].n, 1)
    t.match((await get(app, admin, '/admin/do-not-contact?q=555-0100')).body, /\+14155550100/, 'found by number')

    const removed = await post(app, manager, `/admin/do-not-contact/${id}/delete`, {})
    t.equal(removed.statusCode, 303)
    t.equal(await count(), 0)
    const audit = (await pool.query('select username, action, target_type, target_id, detail from admin_audit order by id')).rows
    t.match(audit, [
      { username: 'manager', action: 'do-not-contact.add', target_type: 'do-not-contact', target_id: '+14155550100', detail: { reason: 'asked on the phone' } },
      { username: 'manager', action: 'do-not-contact.remove', target_id: '+14155550100', detail: { reason: 'asked on the phone', source: 'admin' } },
    ], 'one entry per change; the "already listed" add changed nothing and is not audited')
    t.equal(audit.length, 2)
    const changes = await get(app, admin, '/admin/audit')
    t.match(changes.body, /<td>manager<\/td><td>Added to do-not-contact<\/td>\n<td>\+14155550100<\/td><td>Reason: asked on the phone<\/td>/)
  })

  t.test('calendar users: their own log, no do-not-contact', async (t) => {
    const cu = await login(app, mine.calendarUser)
    const log = await get(app, cu, '/admin/alarm-requests')
    t.equal(log.statusCode, 200)
    t.same(attemptIds(log.body), [optedOut, busy, confirmed])
    t.notMatch(log.body, /href="\/admin\/do-not-contact"/)
    t.equal((await get(app, cu, '/admin/do-not-contact')).statusCode, 403)
    t.equal((await post(app, cu, '/admin/do-not-contact', { phone_number: '+14155550100' })).statusCode, 403)
    t.equal((await get(app, cu, `/admin/calls/${myCall}`)).statusCode, 200, 'the calls of their own reminders')
  })

  t.test('pages of 50, newest first, keeping the filters', async (t) => {
    const values = Array.from({ length: 55 }, (_, i) => `(${theirAlarm}, '2029-06-01T00:00:00Z'::timestamptz + interval '${i} minutes', 3, 'busy')`).join(',')
    await pool.query(`insert into alarm_request (alarm_id, date, status, reason) values ${values}`)
    const first = await get(app, admin, '/admin/alarm-requests?outcome=failed&q=Bob')
    t.equal(attemptIds(first.body).length, 50)
    t.match(first.body, /<a href="\/admin\/alarm-requests\?outcome=failed&amp;q=Bob&amp;page=2">Older →<\/a>/)
    t.match(first.body, /Page 1 of 2 · 55 in all/)
    const second = await get(app, admin, '/admin/alarm-requests?outcome=failed&q=Bob&page=2')
    t.equal(attemptIds(second.body).length, 5)
    t.match(second.body, /<a href="\/admin\/alarm-requests\?outcome=failed&amp;q=Bob">← Newer<\/a>/)
    t.match((await get(app, admin, '/admin/alarm-requests?outcome=failed&q=Bob&page=9')).body, /Page 9 of 2 · 55 in all/, 'past the end: no rows, the count still right')
    const csv = (await get(app, admin, '/admin/alarm-requests?outcome=failed&q=Bob&format=csv')).body.trim().split('\r\n')
    t.equal(csv.length, 56, 'the CSV has every row, not one page')
  })
})
