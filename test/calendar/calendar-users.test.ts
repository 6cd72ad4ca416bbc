import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from './helpers.js'

/** Newfies' hand-built lists: `{note}` for none, the object for one, a list for several. */
const asList = (body: unknown): { id: number; user?: number }[] =>
  Array.isArray(body) ? body : body && typeof body === 'object' && 'note' in body ? [] : [body as { id: number }]

t.test('calendar users and their profiles', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const pool = deps.database.pool
  const other = await makeTenant(call, deps)
  const mine = await makeTenant(call, deps, 'manager')

  t.test('POST creates the user (calendar_user, caller organization and manager) and its profile', async (t) => {
    const res = await call({
      method: 'POST', url: '/rest-api/calendar-user/', as: 'manager',
      payload: { username: 'doc', password: 'doc-pass', email: 'doc@example.com', first_name: 'Ann', last_name: 'Doe' },
    })
    const u = expectStatus(res, 201)
    t.equal(res.headers.location, u.url)
    t.match(u, { username: 'doc', first_name: 'Ann', last_name: 'Doe', email: 'doc@example.com', groups: [], manager: 'manager', is_active: true, calendar: {} })
    t.notMatch(res.body, /password|scrypt/)
    const { rows } = await pool.query('select role, organization_id, manager_id from users where id = $1', [u.id])
    t.same(rows[0], { role: 'calendar_user', organization_id: 1, manager_id: 2 })
    const profile = expectStatus(await call({ method: 'GET', url: `/rest-api/calendar-user-profile/${u.id}/`, as: 'manager' }), 200)
    t.match(profile, { user: u.id, manager: 'manager', calendar_setting: mine.settingId, timezone: 'UTC', accountcode: null, country: '' })
    // The new calendar user can authenticate (and sees only themselves).
    const self = expectStatus(await call({ method: 'GET', url: '/rest-api/calendar-user/', as: ['doc', 'doc-pass'] }), 200)
    t.match(self, { id: u.id, url: u.url, username: 'doc' }, 'one calendar user: the object itself, as Newfies answered')
  })

  t.test('explicit calendar_setting and timezone', async (t) => {
    const second = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar-setting/', as: 'manager', payload: { label: 'second', survey: mine.surveyId, aleg_gateway: 1 } }), 201)
    const u = expectStatus(await call({
      method: 'POST', url: '/rest-api/calendar-user/', as: 'manager',
      payload: { username: 'berlin', password: 'x', calendar_setting: second.url, timezone: 'Europe/Berlin' },
    }), 201)
    const profile = expectStatus(await call({ method: 'GET', url: `/rest-api/calendar-user-profile/${u.id}/`, as: 'manager' }), 200)
    t.match(profile, { calendar_setting: second.id, timezone: 'Europe/Berlin' })
  })

  t.test('validation errors name the field; a taken username is 400, as DRF\'s unique check answers', async (t) => {
    const cases: [Record<string, unknown>, string][] = [
      [{ password: 'x' }, 'username'],
      [{ username: 'nopass' }, 'password'],
      [{ username: 'bad name!', password: 'x' }, 'username'],
      [{ username: 'e1', password: 'x', email: 'not-an-email' }, 'email'],
      [{ username: 'e2', password: 'x', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ username: 'e3', password: 'x', calendar_setting: other.settingId }, 'calendar_setting'],
    ]
    for (const [payload, field] of cases) {
      const res = await call({ method: 'POST', url: '/rest-api/calendar-user/', as: 'manager', payload })
      t.equal(res.statusCode, 400, `${field}: ${res.body}`)
      t.ok(res.json()[field.split('.')[0]!], `${field} named: ${res.body}`)
    }
    const { rows } = await pool.query("select count(*)::int as n from users where username in ('e1', 'e2', 'e3')")
    t.equal(rows[0].n, 0, 'nothing half-written')
    const dup = await call({ method: 'POST', url: '/rest-api/calendar-user/', as: 'manager', payload: { username: 'DOC', password: 'x' } })
    t.equal(dup.statusCode, 400)
    t.ok(dup.json().username)
  })

  t.test('update the user; update the profile', async (t) => {
    const u = expectStatus(await call({ method: 'PATCH', url: `/rest-api/calendar-user/${mine.calendarUserId}/`, as: 'manager', payload: { first_name: 'Bob', password: 'new-pass' } }), 200)
    t.equal(u.first_name, 'Bob')
    expectStatus(await call({ method: 'GET', url: '/rest-api/calendar/', as: [mine.calendarUser, 'new-pass'] }), 200)
    t.equal((await call({ method: 'GET', url: '/rest-api/calendar/', as: [mine.calendarUser, mine.calendarUser] })).statusCode, 403)
    const put = expectStatus(await call({ method: 'PUT', url: `/rest-api/calendar-user/${mine.calendarUserId}/`, as: 'manager', payload: { username: mine.calendarUser, email: 'new@example.com' } }), 200)
    t.match(put, { email: 'new@example.com', first_name: 'Bob' })
    expectStatus(await call({ method: 'GET', url: '/rest-api/calendar/', as: [mine.calendarUser, 'new-pass'] }), 200)
    const taken = await call({ method: 'PATCH', url: `/rest-api/calendar-user/${mine.calendarUserId}/`, as: 'manager', payload: { username: 'admin' } })
    t.equal(taken.statusCode, 400)
    const badEmail = await call({ method: 'PATCH', url: `/rest-api/calendar-user/${mine.calendarUserId}/`, as: 'manager', payload: { email: 'nope' } })
    t.equal(badEmail.statusCode, 400)
    t.ok(badEmail.json().email)
    const p = expectStatus(await call({
      method: 'PATCH', url: `/rest-api/calendar-user-profile/${mine.calendarUserId}/`, as: 'manager',
      payload: { address: '1 Main St', country: 'de', company_website: 'https://clinic.example.com', language: 'de-DE', timezone: 'Europe/Berlin', accountcode: 42, note: '' },
    }), 200)
    t.match(p, { address: '1 Main St', country: 'DE', company_website: 'https://clinic.example.com', language: 'de-DE', timezone: 'Europe/Berlin', accountcode: 42, note: null })
    const cases: [Record<string, unknown>, string][] = [
      [{ country: 'Germany' }, 'country'],
      [{ accountcode: 'abc' }, 'accountcode'],
      [{ accountcode: -1 }, 'accountcode'],
      [{ company_website: 'javascript:alert(1)' }, 'company_website'],
      [{ language: 'english please' }, 'language'],
      [{ timezone: 'Nowhere' }, 'timezone'],
      [{ calendar_setting: other.settingId }, 'calendar_setting'],
      [{ calendar_setting: 'http://x/rest-api/calendar/1/' }, 'calendar_setting'],
    ]
    for (const [payload, field] of cases) {
      const res = await call({ method: 'PATCH', url: `/rest-api/calendar-user-profile/${mine.calendarUserId}/`, as: 'manager', payload })
      t.equal(res.statusCode, 400, `${field}: ${res.body}`)
      t.ok(res.json()[field.split('.')[0]!], `${field} named: ${res.body}`)
    }
    t.equal((await call({ method: 'DELETE', url: `/rest-api/calendar-user-profile/${mine.calendarUserId}/`, as: 'manager' })).statusCode, 405)
    t.equal((await call({ method: 'POST', url: '/rest-api/calendar-user-profile/', as: 'manager', payload: {} })).statusCode, 405)
  })

  t.test("another manager's calendar users are 404s; calendar users change nothing", async (t) => {
    for (const url of [`/rest-api/calendar-user/${other.calendarUserId}/`, `/rest-api/calendar-user-profile/${other.calendarUserId}/`]) {
      for (const method of ['GET', 'PATCH', 'PUT'] as const) {
        const res = await call({ method, url, as: 'manager', payload: method === 'GET' ? undefined : { username: 'x', password: 'y' } })
        t.equal(res.statusCode, 404, `${method} ${url}`)
      }
    }
    t.equal((await call({ method: 'DELETE', url: `/rest-api/calendar-user/${other.calendarUserId}/`, as: 'manager' })).statusCode, 404)
    // Managers are not calendar users either.
    t.equal((await call({ method: 'GET', url: `/rest-api/calendar-user/${other.managerId}/`, as: 'admin' })).statusCode, 404)
    const list = asList(expectStatus(await call({ method: 'GET', url: '/rest-api/calendar-user/', as: 'manager' }), 200))
    t.ok(list.length > 1)
    t.notOk(list.some((r) => r.id === other.calendarUserId))
    const profiles = asList(expectStatus(await call({ method: 'GET', url: '/rest-api/calendar-user-profile/', as: 'manager' }), 200))
    t.equal(profiles.length, list.length)
    t.notOk(profiles.some((r) => (r as unknown as { url: string }).url.endsWith(`/calendar-user-profile/${other.calendarUserId}/`)))
    t.equal(asList(expectStatus(await call({ method: 'GET', url: '/rest-api/calendar-user/', as: 'admin' }), 200)).length,
      list.length + 1, 'admins see all')
    const cu = mine.calendarUser
    t.equal((await call({ method: 'POST', url: '/rest-api/calendar-user/', as: [cu, 'new-pass'], payload: { username: 'z', password: 'z' } })).statusCode, 403)
    t.equal((await call({ method: 'PATCH', url: `/rest-api/calendar-user-profile/${mine.calendarUserId}/`, as: [cu, 'new-pass'], payload: { note: 'x' } })).statusCode, 403)
    expectStatus(await call({ method: 'GET', url: `/rest-api/calendar-user-profile/${mine.calendarUserId}/`, as: [cu, 'new-pass'] }), 200)
  })

  t.test('delete: without history the user is gone; with history it is closed and its alarms cancelled', async (t) => {
    const fresh = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar-user/', as: 'manager', payload: { username: 'temp', password: 'x' } }), 201)
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/calendar-user/${fresh.id}/`, as: 'manager' }), 204)
    t.equal((await pool.query('select 1 from users where id = $1', [fresh.id])).rowCount, 0)

    const alarm = expectStatus(await call({
      method: 'POST', url: '/rest-api/alarm/', as: 'manager', payload: { event: mine.eventId, alarm_phonenumber: '+14155550100' },
    }), 201)
    await pool.query('insert into alarm_request (alarm_id, status) values ($1, 5), ($1, 1)', [alarm.id])
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/calendar-user/${mine.calendarUserId}/`, as: 'manager' }), 204)
    t.equal((await call({ method: 'GET', url: `/rest-api/calendar-user/${mine.calendarUserId}/`, as: 'manager' })).statusCode, 404)
    t.equal((await call({ method: 'GET', url: `/rest-api/calendar/${mine.calendarId}/`, as: 'manager' })).statusCode, 404)
    t.equal((await call({ method: 'GET', url: `/rest-api/event/${mine.eventId}/`, as: 'manager' })).statusCode, 404)
    const { rows: [user] } = await pool.query('select is_active from users where id = $1', [mine.calendarUserId])
    t.equal(user.is_active, false)
    const { rows: [a] } = await pool.query('select status, deleted_at from alarm where id = $1', [alarm.id])
    t.equal(a.status, 7, 'cancelled')
    t.ok(a.deleted_at)
    const log = expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/?alarm=${alarm.id}`, as: 'manager' }), 200)
    t.same(log.results.map((r: { status: number }) => r.status), [5, 7], 'history readable; the pending attempt cancelled')
    t.equal((await call({ method: 'GET', url: '/rest-api/calendar/', as: [mine.calendarUser, 'new-pass'] })).statusCode, 403, 'cannot log in')
  })
})
