// newfies/apirest/api_appointment/calendar_serializers.py and calendar_setting_serializers.py
// (docstrings), as test/compat/newfies/harness.ts describes.
import t from 'tap'
import { BASE, body, ISO, newfies, page } from './harness.js'

t.test('calendar-setting and calendar, as documented', async (t) => {
  const n = await newfies(t)
  const settingBody = '{"label": "calendar_setting", "callerid": "123456", "caller_name": "xyz", "user": "http://127.0.0.1:8000/rest-api/user/2/", "survey": "http://127.0.0.1:8000/rest-api/sealed-survey/1/", "aleg_gateway": "http://127.0.0.1:8000/rest-api/gateway/1/", "sms_gateway": "http://127.0.0.1:8000/rest-api/sms-gateway/1/"}'
  let settingId = 0
  let calendarId = 0

  t.test('CalendarSettingSerializer **Create**', async (t) => {
    const res = await n.curl('POST', '/rest-api/calendar-setting/', settingBody)
    settingId = body(t, res, 201).id
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  })

  t.test('CalendarSettingSerializer **Read**', async (t) => {
    const expected = {
      user: 'manager', url: `${BASE}/rest-api/calendar-setting/${settingId}/`, label: 'calendar_setting', callerid: '123456', caller_name: 'xyz',
      call_timeout: 60, survey: `${BASE}/rest-api/sealed-survey/1/`, aleg_gateway: `${BASE}/rest-api/gateway/1/`, sms_gateway: `${BASE}/rest-api/sms-gateway/1/`,
      voicemail: false, amd_behavior: 1, voicemail_audiofile: null, created_date: ISO, updated_date: ISO,
    }
    const list = body(t, await n.curl('GET', '/rest-api/calendar-setting/'), 200)
    t.match(list, page([expected]))
    t.match(body(t, await n.curl('GET', `/rest-api/calendar-setting/${settingId}/`), 200), expected)
  })

  t.test('CalendarSettingSerializer **Update**', async (t) => {
    // The docstring shows an empty text/html 200; DRF's UpdateModelMixin answers the object.
    const res = body(t, await n.curl('PATCH', `/rest-api/calendar-setting/${settingId}/`, settingBody.replace('"xyz"', '"abc"')), 200)
    t.match(res, { caller_name: 'abc', label: 'calendar_setting', user: 'manager' })
  })

  t.test('CalendarSerializer **Create**', async (t) => {
    const user = body(t, await n.curl('POST', '/rest-api/calendar-user/', '{"username": "caluser4", "password": "caluser4"}'), 201)
    const res = await n.curl('POST', '/rest-api/calendar/', `{"name": "mycalendar", "max_concurrent": "1", "user": "http://127.0.0.1:8000/rest-api/calendar-user/${user.id}/"}`)
    calendarId = body(t, res, 201).id
  })

  t.test('CalendarSerializer **Read**', async (t) => {
    const expected = { url: `${BASE}/rest-api/calendar/${calendarId}/`, name: 'mycalendar', user: /\/rest-api\/calendar-user\/\d+\/$/, max_concurrent: 1, created_date: ISO }
    t.match(body(t, await n.curl('GET', '/rest-api/calendar/'), 200), page([expected]))
    t.match(body(t, await n.curl('GET', `/rest-api/calendar/${calendarId}/`), 200), expected)
  })

  t.test('CalendarSerializer **Update**', async (t) => {
    const user = body(t, await n.curl('POST', '/rest-api/calendar-user/', '{"username": "caluser5", "password": "caluser5"}'), 201)
    const res = body(t, await n.curl('PATCH', `/rest-api/calendar/${calendarId}/`, `{"name": "mycalendar", "max_concurrent": "1", "user": "http://127.0.0.1:8000/rest-api/calendar-user/${user.id}/"}`), 200)
    t.match(res, { name: 'mycalendar', max_concurrent: 1, user: `${BASE}/rest-api/calendar-user/${user.id}/` })
  })

  t.test('CalendarSerializer **Delete**', async (t) => {
    t.equal((await n.curl('DELETE', `/rest-api/calendar/${calendarId}/`)).statusCode, 204)
    t.equal((await n.curl('GET', `/rest-api/calendar/${calendarId}/`)).statusCode, 404)
  })

  t.test('CalendarSettingSerializer **Delete**', async (t) => {
    // Its calendar users' profiles point at it (Newfies gave them the manager's first setting):
    // Newfies deleted them with it; Tocsin refuses until they point elsewhere (docs/compatibility.md).
    const refused = await n.curl('DELETE', `/rest-api/calendar-setting/${settingId}/`)
    t.equal(refused.statusCode, 204, 'HTTP 204', { todo: 'deviation (docs/compatibility.md): a calendar setting in use is not deleted with its users\' profiles' })
    t.equal(refused.statusCode, 409, 'Tocsin: 409 while profiles use it')
    const unused = body(t, await n.curl('POST', '/rest-api/calendar-setting/', settingBody), 201)
    t.equal((await n.curl('DELETE', `/rest-api/calendar-setting/${unused.id}/`)).statusCode, 204, 'an unused one is deleted')
  })
})
