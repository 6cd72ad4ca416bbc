// newfies/apirest/api_appointment/calendar_user_serializers.py and calendar_user_profile_serializers.py
// (docstrings), as test/compat/newfies/harness.ts describes.
import t from 'tap'
import { BASE, body, ISO, newfies } from './harness.js'

t.test('calendar-user and calendar-user-profile, as documented', async (t) => {
  const n = await newfies(t)
  const setting = body(t, await n.curl('POST', '/rest-api/calendar-setting/', JSON.stringify({
    label: 'calendar_setting', callerid: '123456', caller_name: 'xyz', survey: n.link('sealed-survey', 1), aleg_gateway: n.link('gateway', 1),
  })), 201)
  let userId = 0

  t.test('CalendarUserSerializer **Create**', async (t) => {
    const res = await n.curl('POST', '/rest-api/calendar-user/', '{"username": "caluser2", "password": "caluser2", "email": "xyz@gmail.com"}')
    const created = body(t, res, 201)
    userId = created.id
    t.equal(res.headers.location, `${BASE}/rest-api/calendar-user/${userId}/`)
    t.match(created, { url: `${BASE}/rest-api/calendar-user/${userId}/`, username: 'caluser2', last_name: '', first_name: '', email: 'xyz@gmail.com', groups: [] })
    t.match(created, { password: /^pbkdf2_sha256\$/ }, 'the password hash', { todo: 'deviation (docs/compatibility.md): the password is never returned, not even hashed' })
    t.notOk('password' in created, 'Tocsin: no password in any form')
  })

  t.test('CalendarUserSerializer **Read** (the viewset\'s own list and retrieve)', async (t) => {
    // The docstring shows a paginated list; CalendarUserViewSet.list returns the one user itself
    // (several: a list; none: {"note": "no calendar-user found"}), with its calendar.
    const list = body(t, await n.curl('GET', '/rest-api/calendar-user/'), 200)
    t.match(list, {
      url: `${BASE}/rest-api/calendar-user/${userId}/`, id: userId, username: 'caluser2', last_name: '', first_name: '', email: 'xyz@gmail.com', calendar: {},
    })
    body(t, await n.curl('POST', '/rest-api/calendar/', JSON.stringify({ name: 'mycalendar', max_concurrent: '1', user: n.link('calendar-user', userId) })), 201)
    const detail = body(t, await n.curl('GET', `/rest-api/calendar-user/${userId}/`), 200)
    t.match(detail, { id: userId, username: 'caluser2', last_name: '', first_name: '', email: 'xyz@gmail.com', calendar: { name: 'mycalendar', max_concurrent: 1 } })
  })

  t.test('CalendarUserProfileSerializer **Read**', async (t) => {
    // The docstring shows a paginated list; the viewset's list is hand-built: the items below.
    const one = body(t, await n.curl('GET', '/rest-api/calendar-user-profile/'), 200)
    t.notOk(Array.isArray(one), 'one calendar user: the object itself')
    body(t, await n.curl('POST', '/rest-api/calendar-user/', '{"username": "caluser3", "password": "caluser3"}'), 201)
    const list = body(t, await n.curl('GET', '/rest-api/calendar-user-profile/'), 200)
    t.ok(Array.isArray(list), 'two calendar users: a list')
    t.same(one, list[0])
    const mine = list.find((p: { url: string }) => p.url === `${BASE}/rest-api/calendar-user-profile/${userId}/`)
    t.same(Object.keys(mine).sort(), ['accountcode', 'address', 'calendar_setting', 'city', 'company_name', 'company_website', 'fax', 'id', 'manager', 'phone_no', 'state', 'url', 'zip_code'])
    t.match(mine, { manager: 'manager', accountcode: null, address: null, city: null, state: null, zip_code: null, phone_no: null, fax: null, company_name: null, company_website: null })
    const detail = body(t, await n.curl('GET', `/rest-api/calendar-user-profile/${userId}/`), 200)
    t.match(detail, {
      manager: 'manager', id: Number, user: userId, address: null, city: null, state: null, country: '', zip_code: null, phone_no: null, fax: null,
      company_name: null, company_website: null, language: null, note: null, accountcode: null, created_date: ISO, updated_date: ISO, calendar_setting: setting.id,
    })
  })

  t.test('CalendarUserProfileSerializer **Update**', async (t) => {
    // The docstring shows an empty text/html 200; DRF's UpdateModelMixin answers the object.
    const res = body(t, await n.curl('PATCH', `/rest-api/calendar-user-profile/${userId}/`, `{"accountcode": "353652", "calendar_setting": "${setting.id}"}`), 200)
    t.match(res, { manager: 'manager', user: userId, accountcode: 353652, calendar_setting: setting.id })
  })

  t.test('CalendarUserSerializer **Delete**', async (t) => {
    t.equal((await n.curl('DELETE', `/rest-api/calendar-user/${userId}/`)).statusCode, 204)
    t.equal((await n.curl('GET', `/rest-api/calendar-user/${userId}/`)).statusCode, 404)
  })
})
