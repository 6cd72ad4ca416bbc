// Seed 004, "Work Flow with API", steps 1–8, replayed over real HTTP against a freshly started app
// with the request bodies exactly as the seed writes them. Only the host and port differ, and the ids
// the seed took from its own database (calendar setting 3, calendar user 6, calendar 4, event 5) are
// the ones the earlier steps returned here. Children and alarm attempts, which the (later) scheduler
// creates, are inserted directly.
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { ensureSealedSurvey } from './helpers.js'

t.test('the calendar walkthrough of the README, steps 1–8', async (t) => {
  const { app, deps } = await buildTestApp(t)
  await ensureSealedSurvey(deps, { id: 1 })
  const pool = deps.database.pool
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const auth = `Basic ${Buffer.from('manager:manager').toString('base64')}`

  // curl -u username:password [-H "Content-Type:application/json"] -X METHOD --data '…' URL
  async function curl(method: string, path: string, data?: string, accept = false) {
    const headers: Record<string, string> = { authorization: auth }
    if (data !== undefined) headers['content-type'] = 'application/json'
    if (accept) headers.accept = 'application/json'
    const res = await fetch(`${base}${path}`, { method, headers, body: data })
    const text = await res.text()
    return { status: res.status, location: res.headers.get('location'), body: text === '' ? undefined : JSON.parse(text) }
  }
  const linkTo = (resource: string, id: number) => `${base}/rest-api/${resource}/${id}/`

  // 1) Create Calendar Setting
  const s1 = await curl('POST', '/rest-api/calendar-setting/', '{ "label": "cal_setting", "callerid": "123456", "caller_name": "xyz", "user": "http://127.0.0.1:8000/rest-api/user/2/", "survey": "http://127.0.0.1:8000/rest-api/sealed-survey/1/", "aleg_gateway": "http://127.0.0.1:8000/rest-api/gateway/1/", "sms_gateway": "http://127.0.0.1:8000/rest-api/sms-gateway/1/" }')
  t.equal(s1.status, 201, `step 1: ${JSON.stringify(s1.body)}`)
  const settingId = s1.body.id as number
  t.equal(s1.location, linkTo('calendar-setting', settingId))
  t.match(s1.body, {
    user: 'manager',
    sms_gateway: linkTo('sms-gateway', 1),
    url: linkTo('calendar-setting', settingId),
    label: 'cal_setting',
    callerid: '123456',
    caller_name: 'xyz',
    call_timeout: 60,
    survey: linkTo('sealed-survey', 1),
    aleg_gateway: linkTo('gateway', 1),
    voicemail: false,
    amd_behavior: 1,
    voicemail_audiofile: null,
  })
  t.ok(Date.parse(s1.body.created_date) > 0 && Date.parse(s1.body.updated_date) > 0)

  // 2) Create Calendar User
  const s2 = await curl('POST', '/rest-api/calendar-user/', '{"username": "caluser3", "password": "caluser3", "email": "caluser3@gmail.com"}')
  t.equal(s2.status, 201, `step 2: ${JSON.stringify(s2.body)}`)
  const userId = s2.body.id as number
  t.equal(s2.location, linkTo('calendar-user', userId))
  t.match(s2.body, { url: linkTo('calendar-user', userId), username: 'caluser3', last_name: '', first_name: '', email: 'caluser3@gmail.com', groups: [] })
  t.notOk('password' in s2.body, 'never a password, not even its hash')
  t.notMatch(JSON.stringify(s2.body), /scrypt|pbkdf2/)

  // 3) Update Calendar User Profile
  const s3 = await curl('PATCH', `/rest-api/calendar-user-profile/${userId}/`, `{"accountcode": "35365532", "calendar_setting": "${settingId}"}`)
  t.equal(s3.status, 200, `step 3: ${JSON.stringify(s3.body)}`)
  t.match(s3.body, {
    manager: 'manager', user: userId, address: null, city: null, state: null, country: '', zip_code: null, phone_no: null, fax: null,
    company_name: null, company_website: null, language: null, note: null, accountcode: 35365532, calendar_setting: settingId,
  })
  t.type(s3.body.id, 'number')
  t.ok(Date.parse(s3.body.updated_date) >= Date.parse(s3.body.created_date))

  // 4) Create a new Calendar
  const s4 = await curl('POST', '/rest-api/calendar/', `{"name": "mynewcalendar", "max_concurrent": "1", "user": "http://127.0.0.1:8000/rest-api/calendar-user/${userId}/"}`)
  t.equal(s4.status, 201, `step 4: ${JSON.stringify(s4.body)}`)
  const calendarId = s4.body.id as number
  t.equal(s4.location, linkTo('calendar', calendarId))
  t.match(s4.body, { url: linkTo('calendar', calendarId), name: 'mynewcalendar', user: linkTo('calendar-user', userId), max_concurrent: 1 })
  t.ok(Date.parse(s4.body.created_date) > 0)

  // 5) Create a new Event
  const s5 = await curl('POST', '/rest-api/event/', `{"title": "event_with_new_title", "start": "2013-12-10 12:34:43", "end": "2013-12-15 14:43:32", "creator": "http://127.0.0.1:8000/rest-api/calendar-user/${userId}/", "end_recurring_period": "2013-12-27 12:23:34", "calendar": "http://127.0.0.1:8000/rest-api/calendar/${calendarId}/", "status": "1"}`)
  t.equal(s5.status, 201, `step 5: ${JSON.stringify(s5.body)}`)
  const eventId = s5.body.id as number
  t.equal(s5.location, linkTo('event', eventId))
  t.match(s5.body, {
    url: linkTo('event', eventId),
    title: 'event_with_new_title',
    description: null,
    creator: linkTo('calendar-user', userId),
    rule: null,
    calendar: linkTo('calendar', calendarId),
    notify_count: 0,
    status: 1,
    data: null,
    parent_event: null,
    occ_count: 0,
  })
  // The organization's zone is UTC: the naive times are UTC, and responses carry the offset.
  t.match(s5.body.start, /^2013-12-10T12:34:43(Z|\+00:00)$/)
  t.match(s5.body.end, /^2013-12-15T14:43:32(Z|\+00:00)$/)
  t.match(s5.body.end_recurring_period, /^2013-12-27T12:23:34(Z|\+00:00)$/)
  t.ok(Date.parse(s5.body.created_on) > 0)

  // The chain a scheduler would have grown from this event: two children pointing at the root.
  const children: number[] = []
  for (const occ of [1, 2]) {
    const { rows } = await pool.query(
      `insert into event (title, description, start, "end", timezone, creator_id, calendar_id, parent_event_id, occ_count)
       values ('EventTitle', '', $1, $2, 'UTC', $3, $4, $5, $6) returning id`,
      [`2013-12-1${6 + occ} 16:26:07Z`, `2013-12-1${6 + occ} 17:26:07Z`, userId, calendarId, eventId, occ],
    )
    children.push(rows[0].id)
  }

  // 6) Get list of child events from a main event
  const s6 = await curl('GET', `/rest-api/event/${eventId}/get_list_child/`, undefined, true)
  t.equal(s6.status, 200)
  t.equal(s6.body.count, 2)
  t.same(s6.body.results.map((c: { url: string }) => c.url), children.map((id) => linkTo('event', id)))
  t.match(s6.body.results[0], { url: linkTo('event', children[0]!), description: '', title: 'EventTitle' })
  t.match(s6.body.results[0].start, /^2013-12-17T16:26:07(Z|\+00:00)$/)
  t.match(s6.body.results[0].end, /^2013-12-17T17:26:07(Z|\+00:00)$/)

  // 7) Update the last child event status to Paused
  const s7 = await curl('PATCH', `/rest-api/event/${eventId}/update_last_child_status/`, '{"status": "3"}')
  t.equal(s7.status, 200)
  t.same(s7.body, { status: 'event status has been updated' })
  const { rows: statuses } = await pool.query('select id, status from event where id = any($1) order by id', [[eventId, ...children]])
  t.same(statuses.map((r) => [r.id, r.status]), [[eventId, 1], [children[0], 1], [children[1], 3]], 'only the newest child is paused')

  // 8) Get detailed log from alarm request for an event: alarms of the root and of a child, with attempts.
  const alarm = async (event: number) => (await pool.query(
    `insert into alarm (event_id, method, date_start_notice, alarm_phonenumber, survey_id, timezone)
     values ($1, 1, '2013-12-18 17:19:00Z', '+14155550100', 1, 'UTC') returning id`, [event])).rows[0].id as number
  const attempt = async (alarmId: number, status: number, duration: number, callId: number | null, date: string) => (await pool.query(
    'insert into alarm_request (alarm_id, date, status, callstatus, duration, call_id) values ($1, $2, $3, 0, $4, $5) returning id',
    [alarmId, date, status, duration, callId])).rows[0].id as number
  const rootAlarm = await alarm(eventId)
  const childAlarm = await alarm(children[0]!)
  const r1 = await attempt(rootAlarm, 4, 0, 15731, '2013-12-18 17:19:23.368534Z')
  const r2 = await attempt(rootAlarm, 5, 13, 15732, '2013-12-18 17:20:05.062474Z')
  const r3 = await attempt(childAlarm, 5, 13, null, '2013-12-16 17:20:27.849068Z')

  const s8 = await curl('GET', `/rest-api/alarm-request/${eventId}/get_nested_alarm_request/`, undefined, true)
  t.equal(s8.status, 200)
  t.same(Object.keys(s8.body), ['event-url', `event-${eventId}`])
  t.equal(s8.body['event-url'], linkTo('event', eventId))
  const alarms = s8.body[`event-${eventId}`]
  t.same(Object.keys(alarms), [`alarm-${rootAlarm}`, `alarm-${childAlarm}`], "the event's own alarms and its children's")
  t.same(Object.keys(alarms[`alarm-${rootAlarm}`]), ['url', `alarm-request-${r1}`, `alarm-request-${r2}`])
  t.equal(alarms[`alarm-${rootAlarm}`].url, linkTo('alarm', rootAlarm))
  t.same(alarms[`alarm-${rootAlarm}`][`alarm-request-${r1}`], {
    url: linkTo('alarm-request', r1),
    'alarm-callrequest': linkTo('callrequest', 15731),
    date: '2013-12-18T17:19:23.368Z',
    status: '4',
    callstatus: '0',
    duration: '0',
  })
  t.match(alarms[`alarm-${rootAlarm}`][`alarm-request-${r2}`], { status: '5', duration: '13', 'alarm-callrequest': linkTo('callrequest', 15732) })
  t.match(alarms[`alarm-${childAlarm}`][`alarm-request-${r3}`], { status: '5', duration: '13', 'alarm-callrequest': null })
})
