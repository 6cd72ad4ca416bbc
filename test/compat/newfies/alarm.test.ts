// newfies/apirest/api_appointment/alarm_serializers.py and alarm_request_serializers.py
// (docstrings), as test/compat/newfies/harness.ts describes.
import t from 'tap'
import { calendarChain, childOf, giveSpokenTags, SPOKEN_TAGS } from './fixtures.js'
import { BASE, body, ISO, newfies, page } from './harness.js'

t.test('alarm and alarm-request, as documented', async (t) => {
  const n = await newfies(t)
  const { event } = await calendarChain(t, n)
  const alarmBody = `{"alarm_phonenumber": "1234567", "alarm_email": "xyz@gmail.com", "daily_start": "12:34:43", "daily_stop": "14:43:32", "method": "1", "survey": "http://127.0.0.1:8000/rest-api/sealed-survey/1/", "event": "http://127.0.0.1:8000/rest-api/event/${event.id}/", "result": "1"}`
  let alarmId = 0
  let requestId = 0
  let callId = 0
  const SPOKEN_BLANKS = { todo: 'deviation (docs/compatibility.md): an alarm whose survey would speak a tag its event lacks is refused' }

  t.test('AlarmSerializer **Create**', async (t) => {
    const res = await n.curl('POST', '/rest-api/alarm/', alarmBody)
    t.equal(res.statusCode, 201, `HTTP 201: ${res.body}`, SPOKEN_BLANKS)
  })

  t.test('AlarmSerializer **Create** (Tocsin: refused while survey 1 would speak blanks; created once the event has its tags)', async (t) => {
    const refused = await n.curl('POST', '/rest-api/alarm/', alarmBody)
    t.equal(refused.statusCode, 400)
    t.same(new Set(refused.json().data), new Set(Object.keys(SPOKEN_TAGS).map((tag) => `no value for {${tag}}`)), 'each tag without a value, under data')
    await giveSpokenTags(n, event.id)
    alarmId = body(t, await n.curl('POST', '/rest-api/alarm/', alarmBody), 201).id
  })

  t.test('AlarmSerializer **Read**', async (t) => {
    // The example's event is printed as text; the serializer (hyperlinked) answers its link.
    const expected = {
      survey: `${BASE}/rest-api/sealed-survey/1/`, mail_template: null, sms_template: null, event: `${BASE}/rest-api/event/${event.id}/`,
      url: `${BASE}/rest-api/alarm/${alarmId}/`, daily_start: '12:34:43', daily_stop: '14:43:32', advance_notice: 0, maxretry: 0, retry_delay: 0,
      num_attempt: 0, method: 1, date_start_notice: ISO, status: 1, url_cancel: null, phonenumber_sms_failure: null, url_confirm: null,
      phonenumber_transfer: null, created_date: ISO, alarm_phonenumber: '1234567', alarm_email: 'xyz@gmail.com',
    }
    const list = body(t, await n.curl('GET', '/rest-api/alarm/'), 200)
    t.match(list, page([expected]))
    // Newfies let clients write result (and status, num_attempt); here the scheduler owns them (docs/compatibility.md).
    t.equal(list.results[0].result, 1, 'result as written', { todo: 'deviation (docs/compatibility.md): status, num_attempt and result are the scheduler\'s' })
    t.equal(list.results[0].result, 0, 'Tocsin: no result until the callee answers')
    t.match(body(t, await n.curl('GET', `/rest-api/alarm/${alarmId}/`), 200), expected)
  })

  t.test('AlarmSerializer **Update**', async (t) => {
    const res = body(t, await n.curl('PATCH', `/rest-api/alarm/${alarmId}/`, alarmBody.replace('"12:34:43"', '"08:00:00"')), 200)
    t.match(res, { daily_start: '08:00:00', daily_stop: '14:43:32', alarm_phonenumber: '1234567' })
  })

  t.test('AlarmRequestSerializer **Create**', async (t) => {
    const made = body(t, await n.curl('POST', '/rest-api/callrequest/', JSON.stringify({ phone_number: '+14155550100', survey: 1, gateway: 1 })), 201)
    callId = made.id
    const res = await n.curl('POST', '/rest-api/alarm-request/',
      `{"alarm": "http://localhost:8000/rest-api/alarm/${alarmId}/", "date": "2013-12-12 12:45:33", "status": "1", "callrequest": "http://localhost:8000/rest-api/callrequest/${callId}/"}`)
    requestId = body(t, res, 201).id
  })

  t.test('AlarmRequestSerializer **Read**', async (t) => {
    // The example shows the alarm as an id and a calltime the model does not have; the serializer
    // (hyperlinked, the model's fields) answers as below.
    const expected = {
      alarm: `${BASE}/rest-api/alarm/${alarmId}/`, url: `${BASE}/rest-api/alarm-request/${requestId}/`, date: ISO, status: 1, callstatus: 0, duration: 0,
      callrequest: `${BASE}/rest-api/callrequest/${callId}/`, created_date: ISO,
    }
    const list = body(t, await n.curl('GET', '/rest-api/alarm-request/'), 200)
    t.match(list, page([expected]))
    t.equal(Date.parse(list.results[0].date), Date.parse('2013-12-12T12:45:33Z'))
    t.match(body(t, await n.curl('GET', `/rest-api/alarm-request/${requestId}/`), 200), expected)
  })

  t.test('AlarmRequestSerializer **Update**', async (t) => {
    const res = body(t, await n.curl('PATCH', `/rest-api/alarm-request/${requestId}/`,
      `{"alarm": "http://localhost:8000/rest-api/alarm/${alarmId}/", "date": "2013-12-12 12:45:33", "status": "5", "callrequest": "http://localhost:8000/rest-api/callrequest/${callId}/"}`), 200)
    t.match(res, { status: 5 })
  })

  t.test('AlarmRequestSerializer **get_nested_alarm_request**', async (t) => {
    // Newfies lists the alarms of the event's children (a recurring event's occurrences).
    const child = await childOf(n, event, '2013-12-18 06:00:00Z', '2013-12-18 07:00:00Z')
    const childAlarm = body(t, await n.curl('POST', '/rest-api/alarm/', alarmBody.replace(`/event/${event.id}/`, `/event/${child}/`)), 201)
    const attempt = body(t, await n.curl('POST', '/rest-api/alarm-request/',
      `{"alarm": "${childAlarm.url}", "date": "2013-12-18 06:35:09", "status": "1", "callrequest": "http://localhost:8000/rest-api/callrequest/${callId}/"}`), 201)
    const res = body(t, await n.curl('GET', `/rest-api/alarm-request/${event.id}/get_nested_alarm_request/`), 200)
    t.equal(res['event-url'], `${BASE}/rest-api/event/${event.id}/`)
    t.same(res[`event-${event.id}`][`alarm-${childAlarm.id}`], {
      url: `${BASE}/rest-api/alarm/${childAlarm.id}/`,
      [`alarm-request-${attempt.id}`]: {
        status: '1', url: `${BASE}/rest-api/alarm-request/${attempt.id}/`, 'alarm-callrequest': `${BASE}/rest-api/callrequest/${callId}/`,
        duration: '0', date: '2013-12-18 06:35:09+00:00', callstatus: '0',
      },
    })
    // Newfies left out the event's own alarms (it filtered on event__parent_event); Tocsin lists them too.
    t.same(Object.keys(res[`event-${event.id}`]), [`alarm-${alarmId}`, `alarm-${childAlarm.id}`], 'the event\'s own alarm and its child\'s')
  })

  t.test('AlarmRequestSerializer **Delete**', async (t) => {
    const res = await n.curl('DELETE', `/rest-api/alarm-request/${requestId}/`)
    t.equal(res.statusCode, 204, 'HTTP 204', { todo: 'deviation (docs/compatibility.md): attempt records are never deleted' })
    t.equal(res.statusCode, 405, 'Tocsin: 405, the record stays')
    t.equal((await n.curl('GET', `/rest-api/alarm-request/${requestId}/`)).statusCode, 200)
  })

  t.test('AlarmSerializer **Delete**', async (t) => {
    t.equal((await n.curl('DELETE', `/rest-api/alarm/${alarmId}/`)).statusCode, 204)
    t.equal((await n.curl('GET', `/rest-api/alarm/${alarmId}/`)).statusCode, 404)
  })
})
