import t from 'tap'
import { decryptSecret } from '../../src/kit/secrets.js'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from './helpers.js'

const SID = `AC${'0123456789abcdef'.repeat(2)}`

t.test('voice and SMS gateways', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const pool = deps.database.pool
  const key = deps.config.secretKey
  const other = await makeTenant(call, deps)
  const mine = await makeTenant(call, deps, 'manager')

  t.test('first start seeds gateway 1 and sms-gateway 1 on the simulator, shared, with an encrypted random token', async (t) => {
    for (const kind of ['gateway', 'sms-gateway']) {
      const g = expectStatus(await call({ method: 'GET', url: `/rest-api/${kind}/1/`, as: 'manager' }), 200)
      t.match(g, { id: 1, provider: 'simulator', base_url: null, user: null, status: 1 })
      t.match(g.account_sid, /^AC[0-9a-f]{32}$/)
      t.notOk('auth_token' in g)
      t.notOk(JSON.stringify(g).includes('v1.'), 'not even the encrypted token')
    }
    const { rows } = await pool.query('select auth_token_encrypted from gateway where id = 1 union all select auth_token_encrypted from sms_gateway where id = 1')
    for (const r of rows) t.match(decryptSecret(key, r.auth_token_encrypted), /^[0-9a-f]{32}$/)
  })

  t.test('a manager creates their own; the token is stored encrypted and never returned', async (t) => {
    const created = await call({
      method: 'POST', url: '/rest-api/gateway/', as: 'manager',
      payload: { name: 'my twilio', provider: 'twilio', account_sid: SID, auth_token: 'tok-123', caller_id: '(415) 555-0100', max_cps: '5' },
    })
    const g = expectStatus(created, 201)
    t.equal(created.headers.location, g.url)
    t.match(g, { name: 'my twilio', provider: 'twilio', caller_id: '+14155550100', max_cps: 5, max_concurrent: 0, status: 1 })
    t.match(g.user, /\/rest-api\/user\/2\/$/)
    t.notOk('auth_token' in g)
    const { rows } = await pool.query('select auth_token_encrypted from gateway where id = $1', [g.id])
    t.not(rows[0].auth_token_encrypted, 'tok-123')
    t.equal(decryptSecret(key, rows[0].auth_token_encrypted), 'tok-123')

    const patched = expectStatus(await call({ method: 'PATCH', url: `/rest-api/gateway/${g.id}/`, as: 'manager', payload: { auth_token: 'tok-456', status: 0, base_url: 'https://api.example.com/' } }), 200)
    t.match(patched, { status: 0, base_url: 'https://api.example.com' })
    const { rows: after } = await pool.query('select auth_token_encrypted from gateway where id = $1', [g.id])
    t.equal(decryptSecret(key, after[0].auth_token_encrypted), 'tok-456')

    const put = expectStatus(await call({ method: 'PUT', url: `/rest-api/gateway/${g.id}/`, as: 'manager', payload: { name: 'renamed', provider: 'twilio', account_sid: SID } }), 200)
    t.match(put, { name: 'renamed', caller_id: '+14155550100' })
    const { rows: kept } = await pool.query('select auth_token_encrypted from gateway where id = $1', [g.id])
    t.equal(decryptSecret(key, kept[0].auth_token_encrypted), 'tok-456', 'PUT without a token keeps it')
    const emptyToken = await call({ method: 'PUT', url: `/rest-api/gateway/${g.id}/`, as: 'manager', payload: { name: 'x', provider: 'twilio', account_sid: SID, auth_token: '' } })
    t.equal(emptyToken.statusCode, 400)
    t.ok(emptyToken.json().auth_token)

    const sms = expectStatus(await call({
      method: 'POST', url: '/rest-api/sms-gateway/', as: 'manager',
      payload: { name: 'my sms', provider: 'simulator', account_sid: SID, auth_token: 'x', from_number: '+442071838750' },
    }), 201)
    t.equal(sms.from_number, '+442071838750')
    t.notOk('caller_id' in sms)
  })

  t.test('validation errors name the field', async (t) => {
    const base = { name: 'g', provider: 'twilio', account_sid: SID, auth_token: 't' }
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, account_sid: 'AC123' }, 'account_sid'],
      [{ ...base, provider: 'nexmo' }, 'provider'],
      [{ ...base, caller_id: 'not a number' }, 'caller_id'],
      [{ ...base, base_url: 'ftp://example.com' }, 'base_url'],
      [{ ...base, max_cps: 0 }, 'max_cps'],
      [{ ...base, status: 2 }, 'status'],
      [{ name: 'g', provider: 'twilio', account_sid: SID }, 'auth_token'],
      [{ ...base, name: '' }, 'name'],
    ]
    for (const [payload, field] of cases) {
      const res = await call({ method: 'POST', url: '/rest-api/gateway/', as: 'manager', payload })
      t.equal(res.statusCode, 400, field)
      t.ok(res.json()[field.split('.')[0]!], `${field} named: ${res.body}`)
    }
    const sms = await call({ method: 'POST', url: '/rest-api/sms-gateway/', as: 'manager', payload: { ...base, from_number: '12' } })
    t.equal(sms.statusCode, 400)
    t.ok(sms.json().from_number)
    const managerNamingOther = await call({ method: 'POST', url: '/rest-api/gateway/', as: 'manager', payload: { ...base, user: `/rest-api/user/${other.managerId}/` } })
    t.equal(managerNamingOther.statusCode, 400)
    t.ok(managerNamingOther.json().user)
  })

  t.test('shared gateways: admins only change them', async (t) => {
    t.equal((await call({ method: 'PATCH', url: '/rest-api/gateway/1/', as: 'manager', payload: { name: 'x' } })).statusCode, 403)
    t.equal((await call({ method: 'DELETE', url: '/rest-api/sms-gateway/1/', as: 'manager' })).statusCode, 403)
    const shared = expectStatus(await call({
      method: 'POST', url: '/rest-api/gateway/', as: 'admin', payload: { name: 'shared twilio', provider: 'twilio', account_sid: SID, auth_token: 'a' },
    }), 201)
    t.equal(shared.user, null)
    for (const who of ['manager', other.manager]) {
      t.equal((await call({ method: 'GET', url: `/rest-api/gateway/${shared.id}/`, as: who })).statusCode, 200, `${who} sees shared`)
    }
    expectStatus(await call({ method: 'PATCH', url: '/rest-api/gateway/1/', as: 'admin', payload: { max_cps: 500 } }), 200)
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/gateway/${shared.id}/`, as: 'admin' }), 204)
  })

  t.test("another manager's gateway is a 404, and calendar users see none", async (t) => {
    const g = expectStatus(await call({
      method: 'POST', url: '/rest-api/gateway/', as: other.manager, payload: { name: 'theirs', provider: 'twilio', account_sid: SID, auth_token: 'a' },
    }), 201)
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
      const res = await call({ method, url: `/rest-api/gateway/${g.id}/`, as: 'manager', payload: method === 'PATCH' || method === 'PUT' ? { name: 'x', provider: 'twilio', account_sid: SID } : undefined })
      t.equal(res.statusCode, 404, method)
    }
    const list = expectStatus(await call({ method: 'GET', url: '/rest-api/gateway/?page_size=100', as: 'manager' }), 200)
    t.notOk(list.results.some((r: { id: number }) => r.id === g.id))
    t.ok(list.results.some((r: { id: number }) => r.id === 1))
    const asCalendarUser = expectStatus(await call({ method: 'GET', url: '/rest-api/gateway/', as: mine.calendarUser }), 200)
    t.equal(asCalendarUser.count, 0)
    t.equal((await call({ method: 'GET', url: '/rest-api/gateway/1/', as: mine.calendarUser })).statusCode, 404)
    t.equal((await call({ method: 'POST', url: '/rest-api/gateway/', as: mine.calendarUser, payload: { name: 'x', provider: 'twilio', account_sid: SID, auth_token: 'a' } })).statusCode, 403)
    const admin = expectStatus(await call({ method: 'GET', url: `/rest-api/gateway/${g.id}/`, as: 'admin' }), 200)
    t.equal(admin.id, g.id)
  })

  t.test('a gateway in use by a calendar setting cannot be deleted (409); an unused one can', async (t) => {
    const g = expectStatus(await call({
      method: 'POST', url: '/rest-api/gateway/', as: 'manager', payload: { name: 'used', provider: 'simulator', account_sid: SID, auth_token: 'a' },
    }), 201)
    expectStatus(await call({ method: 'PATCH', url: `/rest-api/calendar-setting/${mine.settingId}/`, as: 'manager', payload: { aleg_gateway: g.url } }), 200)
    const res = await call({ method: 'DELETE', url: `/rest-api/gateway/${g.id}/`, as: 'manager' })
    t.equal(res.statusCode, 409)
    expectStatus(await call({ method: 'PATCH', url: `/rest-api/calendar-setting/${mine.settingId}/`, as: 'manager', payload: { aleg_gateway: 1 } }), 200)
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/gateway/${g.id}/`, as: 'manager' }), 204)
    t.equal((await call({ method: 'GET', url: `/rest-api/gateway/${g.id}/`, as: 'manager' })).statusCode, 404)
  })

  t.test('token auth works too; no credentials is 403 (DRF behind SessionAuthentication)', async (t) => {
    const { token } = expectStatus(await call({ method: 'POST', url: '/rest-api/token/', as: 'manager' }), 201)
    expectStatus(await call({ method: 'GET', url: '/rest-api/sms-gateway/', token }), 200)
    t.equal((await call({ method: 'GET', url: '/rest-api/sms-gateway/' })).statusCode, 403)
  })
})
