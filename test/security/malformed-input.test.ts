import t from 'tap'
import twilio from 'twilio'
import { decryptSecret } from '../../src/kit/secrets.js'
import { signSession, sessionKey } from '../../src/admin/session.js'
import { buildTestApp } from '../helpers/build.js'
import { fieldError } from '../helpers/errors.js'

/** Each class of malformed request the probe answered with a 500 (or accepted), now a 4xx naming the field. */
t.test('malformed requests', async (t) => {
  const { app, call, deps } = await buildTestApp(t)
  const pool = deps.database.pool

  t.test('ids and page numbers beyond PostgreSQL integers, 1e400 and Infinity: 400 naming the field', async (t) => {
    const cases: [string, string][] = [
      ['/rest-api/user/2147483648/', 'id'], ['/rest-api/event/99999999999999999999/', 'id'],
      ['/rest-api/gateway/1e400/', 'id'], ['/rest-api/rule/Infinity/', 'id'],
      ['/rest-api/user/?page=2147483648', 'page'], ['/rest-api/user/?page=1e400', 'page'],
      ['/rest-api/calendar/?user=2147483648', 'user'], ['/contact/?offset=1e400', 'offset'],
      ['/rest-api/calendar-user-profile/2147483648/', 'user_id'],
      ['/reminderplans/?offset=99999999999999999999999', 'offset'], ['/reminderplans/?limit=2147483648', 'limit'],
    ]
    for (const [url, field] of cases) {
      const res = await call({ method: 'GET', url, as: 'admin' })
      t.equal(res.statusCode, 400, url)
      t.ok(fieldError(res.json(), field), `${url} names ${field}: ${res.body}`)
    }
    const body = await call({ method: 'POST', url: '/rest-api/calendar/', as: 'admin', payload: { name: 'x', user: 'http://h/rest-api/user/2147483648/' } })
    t.equal(body.statusCode, 400)
    t.ok(fieldError(body.json(), 'user'), 'a hyperlink to an impossible id names the field')
    t.equal((await call({ method: 'GET', url: '/rest-api/user/2147483647/', as: 'admin' })).statusCode, 404, 'the largest integer is a valid id (of nobody)')
  })

  t.test('NUL characters anywhere: 400 naming the field', async (t) => {
    const title = await call({ method: 'POST', url: '/rest-api/organization/', as: 'admin', payload: { name: 'Nul\u0000Org' } })
    t.equal(title.statusCode, 400)
    t.same(title.json().error.fields, { name: 'must not contain NUL characters (\\u0000)' })
    const nested = await call({ method: 'POST', url: '/contact/', as: 'admin', payload: { first_name: 'A', emails: [{ email: 'a\u0000@x.org' }] } })
    t.equal(nested.statusCode, 400)
    t.ok(fieldError(nested.json(), 'emails.0.email'))
    const query = await call({ method: 'GET', url: '/contact/?search=a%00b', as: 'admin' })
    t.equal(query.statusCode, 400)
    t.ok(fieldError(query.json(), 'search'))
    const form = await call({ method: 'POST', url: '/rest-api/organization/', as: 'admin', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=a%00b' })
    t.equal(form.statusCode, 400)
    const { rows } = await pool.query(`select count(*)::int as n from organization where name like 'Nul%'`)
    t.equal(rows[0].n, 0)
  })

  // PATCH bodies that are empty after parsing: test/security/empty-updates.test.ts, aimed at objects that exist.

  t.test('dates in year 0 or beyond PostgreSQL\'s range: 400 naming the field', async (t) => {
    const setting = await call({ method: 'POST', url: '/rest-api/calendar-setting/', as: 'manager', payload: { label: 'd', survey: 1, aleg_gateway: 1 } })
    t.equal(setting.statusCode, 201, setting.body)
    const cu = await call({ method: 'POST', url: '/rest-api/calendar-user/', as: 'manager', payload: { username: 'datecu', password: 'x', calendar_setting: setting.json().id } })
    const cal = await call({ method: 'POST', url: '/rest-api/calendar/', as: 'manager', payload: { name: 'dates', user: cu.json().id } })
    t.equal(cal.statusCode, 201, cal.body)
    for (const bad of ['0000-01-01T00:00:00Z', '0000-06-01 10:00:00', '-0001-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '99999-01-01T00:00:00Z']) {
      const event = await call({ method: 'POST', url: '/rest-api/event/', as: 'manager', payload: { title: 'e', calendar: cal.json().id, start: bad, end: '2030-01-01T00:00:00Z' } })
      t.equal(event.statusCode, 400, `event start ${bad}: ${event.body}`)
      t.ok(fieldError(event.json(), 'start'), `names start (${bad})`)
      const appointment = await call({ method: 'POST', url: '/appointment/', as: 'admin', payload: { type: ['x'], start_date: bad, end_date: '2030-01-01T00:00:00Z' } })
      t.equal(appointment.statusCode, 400, `appointment start_date ${bad}: ${appointment.body}`)
      t.ok(fieldError(appointment.json(), 'start_date'))
      const list = await call({ method: 'GET', url: `/rest-api/event/?start_from=${encodeURIComponent(bad)}`, as: 'manager' })
      t.equal(list.statusCode, 400, `event filter ${bad}`)
    }
  })

  t.test('a forged session cookie with an impossible user id: 401 on the API, sign-in page in the admin UI', async (t) => {
    const key = sessionKey(deps.config.secretKey)
    const { value } = signSession(key, 1, 'x')
    const [, , exp, mac] = value.split('.')
    for (const cookie of [`tocsin_admin=v1.9999999999.${exp}.${mac}`, `tocsin_admin=v1.2147483648.${exp}.${mac}`, 'tocsin_admin=v1.0.1.x']) {
      const api = await app.inject({ method: 'GET', url: '/rest-api/user/', headers: { cookie } })
      t.equal(api.statusCode, 401, cookie)
      const crm = await app.inject({ method: 'GET', url: '/contact/', headers: { cookie } })
      t.equal(crm.statusCode, 403, 'the CRM answers as DRF behind SessionAuthentication did')
      const admin = await app.inject({ method: 'GET', url: '/admin', headers: { cookie } })
      t.equal(admin.statusCode, 303)
    }
  })

  t.test('20 concurrent creates of one username: one 201, the rest 409 (calendar users: 400, as DRF)', async (t) => {
    const answers = await Promise.all(Array.from({ length: 20 }, () =>
      call({ method: 'POST', url: '/rest-api/user/', as: 'admin', payload: { username: 'same-name', password: 'p' } })))
    const statuses = answers.map((a) => a.statusCode).sort()
    t.equal(statuses.filter((s) => s === 201).length, 1)
    t.equal(statuses.filter((s) => s === 409).length, 19)
    for (const a of answers.filter((x) => x.statusCode === 409)) t.same(a.json().error.fields, { username: 'A user with that username already exists.' })
    const cus = await Promise.all(Array.from({ length: 10 }, () =>
      call({ method: 'POST', url: '/rest-api/calendar-user/', as: 'manager', payload: { username: 'same-carer', password: 'p' } })))
    // The Newfies surface answers a taken username as DRF did, 400, whether its check or the unique index found it.
    t.same(cus.map((a) => a.statusCode).sort(), [201, ...Array(9).fill(400)], 'calendar users too: one 201, the rest 400')
    for (const a of cus.filter((x) => x.statusCode === 400)) t.same(a.json(), { username: ['A user with that username already exists.'] })
  })

  t.test('overlong path parameters: 414 and bad %-escapes: 400, both in the API\'s error format', async (t) => {
    const long = await call({ method: 'GET', url: `/rest-api/user/${'1'.repeat(150)}/`, as: 'admin' })
    t.equal(long.statusCode, 414)
    t.same(long.json(), { error: { code: 'uri_too_long', message: 'A path parameter is longer than 100 characters' } })
    const appointment = await call({ method: 'GET', url: `/appointment/${'x'.repeat(101)}/`, as: 'admin' })
    t.equal(appointment.statusCode, 414)
    t.same(appointment.json(), { detail: 'A path parameter is longer than 100 characters' }, 'the CRM in its DRF format')
    const badEscape = await call({ method: 'GET', url: '/rest-api/user/%ZZ/', as: 'admin' })
    t.equal(badEscape.statusCode, 400)
    t.same(Object.keys(badEscape.json().error), ['code', 'message'])
  })

  t.test('a calendar setting\'s callerid must be a phone number', async (t) => {
    const post = (callerid: string) => call({ method: 'POST', url: '/rest-api/calendar-setting/', as: 'manager', payload: { label: 'c', survey: 1, aleg_gateway: 1, callerid } })
    const abc = await post('abc')
    t.equal(abc.statusCode, 400)
    t.ok(fieldError(abc.json(), 'callerid'))
    t.equal((await post('+1 555 000-12x')).statusCode, 400)
    t.equal((await post('(415) 555-0100')).json().callerid, '+14155550100', 'a national number becomes E.164')
    t.equal((await post('123456')).json().callerid, '123456', 'short Newfies-style ids are kept')
    const created = await post('+15550000001')
    const patched = await call({ method: 'PATCH', url: `/rest-api/calendar-setting/${created.json().id}/`, as: 'manager', payload: { callerid: 'abc' } })
    t.equal(patched.statusCode, 400)
  })

  t.test('Twilio webhooks: impossible or unknown calls are refused; reported durations must be whole seconds', async (t) => {
    const unsigned = await app.inject({ method: 'POST', url: '/twilio/voice?call=2147483648', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'CallSid=CA1' })
    t.equal(unsigned.statusCode, 400, 'an id no call can have')
    t.notMatch(unsigned.body, /<Response>/)
    const unknown = await app.inject({ method: 'POST', url: '/twilio/voice?call=999999', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'CallSid=CA1' })
    t.equal(unknown.statusCode, 403, 'an unknown call is refused like an unsigned one')

    const placed = await call({ method: 'POST', url: '/rest-api/callrequest/', as: 'manager', payload: { phone_number: '+15551230000', survey: 1, gateway: 1, callerid: '+15550000001' } })
    t.equal(placed.statusCode, 201, placed.body)
    const id = placed.json().id as number
    const { rows: [gw] } = await pool.query('select auth_token_encrypted from gateway where id = 1')
    const token = decryptSecret(deps.config.secretKey, gw.auth_token_encrypted)
    const signed = (params: Record<string, string>) => {
      const path = `/twilio/status?call=${id}`
      return app.inject({
        method: 'POST', url: path, payload: new URLSearchParams(params).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${deps.config.publicUrl}${path}`, params),
        },
      })
    }
    t.equal((await signed({ CallSid: 'CAfuzz', CallStatus: 'in-progress', CallDuration: '-5' })).statusCode, 204)
    t.equal((await signed({ CallSid: 'CAfuzz', CallStatus: 'completed', CallDuration: '1e400' })).statusCode, 204, 'signed 1e400: not a 500')
    const { rows: [stored] } = await pool.query('select duration, callstatus from call where id = $1', [id])
    t.equal(stored.duration, 0, 'neither -5 nor Infinity was stored')
    t.equal(stored.callstatus, 4)
  })
})
