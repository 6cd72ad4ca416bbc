// newfies/apirest/api_appointment/event_serializers.py (docstring), as test/compat/newfies/harness.ts describes.
import t from 'tap'
import { calendarChain, childOf, giveSpokenTags } from './fixtures.js'
import { BASE, body, ISO, newfies } from './harness.js'

t.test('event, as documented', async (t) => {
  const n = await newfies(t)
  const { user, calendar } = await calendarChain(t, n)
  const eventBody = (title: string) =>
    `{"title": "${title}", "start": "2013-12-10 12:34:43", "end": "2013-12-15 14:43:32", "creator": "http://127.0.0.1:8000/rest-api/calendar-user/${user.id}/", "end_recurring_period": "2013-12-27 12:23:34", "calendar": "http://127.0.0.1:8000/rest-api/calendar/${calendar.id}/", "status": "1"}`
  let eventId = 0

  t.test('EventSerializer **Create**', async (t) => {
    eventId = body(t, await n.curl('POST', '/rest-api/event/', eventBody('event_title')), 201).id
  })

  t.test('EventSerializer **Read**', async (t) => {
    const expected = {
      url: `${BASE}/rest-api/event/${eventId}/`, title: 'event_title', description: null, start: ISO, end: ISO,
      creator: `${BASE}/rest-api/calendar-user/${user.id}/`, created_on: ISO, end_recurring_period: ISO, rule: null,
      calendar: `${BASE}/rest-api/calendar/${calendar.id}/`, notify_count: 0, status: 1, data: null, parent_event: null, occ_count: 0,
    }
    const list = body(t, await n.curl('GET', '/rest-api/event/'), 200)
    t.equal(list.count, 2, 'the fixture\'s event and this one')
    t.match(list.results[1], expected)
    const one = body(t, await n.curl('GET', `/rest-api/event/${eventId}/`), 200)
    t.match(one, expected)
    t.equal(Date.parse(one.start), Date.parse('2013-12-10T12:34:43Z'), 'naive times are the organization\'s zone (UTC, as Newfies\' TIME_ZONE)')
  })

  t.test('EventSerializer **Update**', async (t) => {
    const res = body(t, await n.curl('PATCH', `/rest-api/event/${eventId}/`, eventBody('event_renamed')), 200)
    t.match(res, { title: 'event_renamed', status: 1 })
  })

  t.test('EventSerializer **update_last_child_status**', async (t) => {
    const res = body(t, await n.curl('PATCH', `/rest-api/event/${eventId}/update_last_child_status/`, '{"status": "1"}'), 200)
    t.same(res, { status: 'event status has been updated' })
  })

  t.test('EventSerializer **get_list_child**', async (t) => {
    t.same(body(t, await n.curl('GET', `/rest-api/event/${eventId}/get_list_child/`), 200), { note: 'no child event found' })
    const child = await childOf(n, { id: eventId }, '2013-12-24 08:55:13Z', '2013-12-31 09:55:13Z')
    const res = body(t, await n.curl('GET', `/rest-api/event/${eventId}/get_list_child/`), 200)
    t.match(res, {
      url: `${BASE}/rest-api/event/${child}/`, start: '2013-12-24 08:55:13+00:00', end: '2013-12-31 09:55:13+00:00', description: '', title: 'test-child-event',
    })
  })

  t.test('EventSerializer **get_list_alarm**', async (t) => {
    t.same(body(t, await n.curl('GET', `/rest-api/event/${eventId}/get_list_alarm/`), 200), { note: 'no child alarm found' })
    const alarmBody = { alarm_phonenumber: '34650784435464', survey: `${BASE}/rest-api/sealed-survey/1/`, event: `${BASE}/rest-api/event/${eventId}/` }
    await giveSpokenTags(n, eventId)
    const a1 = body(t, await n.curl('POST', '/rest-api/alarm/', JSON.stringify(alarmBody)), 201)
    const a2 = body(t, await n.curl('POST', '/rest-api/alarm/', JSON.stringify(alarmBody)), 201)
    const res = body(t, await n.curl('GET', `/rest-api/event/${eventId}/get_list_alarm/`), 200)
    t.ok(Array.isArray(res), 'a list')
    t.same(res.map((a: { url: string }) => a.url), [a1.url, a2.url])
    t.same(res[0], {
      advance_notice: '0', created_date: res[0].created_date, daily_start: '00:00:00', daily_stop: '23:59:59', maxretry: '0', method: '1',
      num_attempt: '0', phonenumber: '34650784435464', result: '0', retry_delay: '0', status: '1',
      title: `${a1.id} - method:CALL - event_renamed: Dec. 10, 2013`, url: a1.url,
    })
    t.match(res[0].created_date, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$/)
  })

  t.test('EventSerializer **Delete**', async (t) => {
    t.equal((await n.curl('DELETE', `/rest-api/event/${eventId}/`)).statusCode, 204)
    t.equal((await n.curl('GET', `/rest-api/event/${eventId}/`)).statusCode, 404)
  })
})
