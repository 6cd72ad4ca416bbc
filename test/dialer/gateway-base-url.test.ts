// A gateway's base_url is where Tocsin POSTs a call with the account's credentials. Issue 12 finding 2: a manager
// pointed it at internal addresses and read the internal answer back in the call request's `error`.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'

const SID = `AC${'0123456789abcdef'.repeat(2)}`
const SECRET = 'internal-secret-7f3a'

/** An internal service that answers anything with a Twilio-shaped error carrying a secret. */
async function internalService(t: { teardown(fn: () => unknown): void }, host: string) {
  let hits = 0
  const server = createServer((req, res) => {
    hits++
    req.resume()
    res.writeHead(400, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ code: 20001, message: `${SECRET} at ${req.url}`, status: 400 }))
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { base: `http://${host}:${(server.address() as AddressInfo).port}`, hits: () => hits }
}

async function callThrough(server: TestServer, gatewayId: number) {
  const res = await server.call({
    method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
    payload: { phone_number: '+15557300001', survey: 1, gateway: gatewayId, callerid: '+15550000001' },
  })
  t.equal(res.statusCode, 201, res.body)
  const id = res.json().id as number
  return eventually(async () => {
    const current = (await server.call({ method: 'GET', url: `/rest-api/callrequest/${id}/`, as: 'manager' })).json()
    return current.status === 'failed' ? current as { error: string; status: string } : null
  }, 20_000)
}

t.test('gateway base URLs go through the outbound URL policy and never read an answer back', async (t) => {
  // 127.0.0.3 is allowed by configuration; 127.0.0.2 (like all loopback, private and link-local space) is not.
  const server = await startTestServer(t, { OUTBOUND_URL_ALLOW: '127.0.0.3' })
  const refused = await internalService(t, '127.0.0.2')
  const allowed = await internalService(t, '127.0.0.3')
  const gatewayWith = (base_url: string) => server.call({
    method: 'POST', url: '/rest-api/gateway/', as: 'manager',
    payload: { name: 'mine', provider: 'twilio', account_sid: SID, auth_token: 'tok', caller_id: '+15550000001', base_url },
  })

  t.test('an internal base URL is a 400 naming base_url, in every spelling', async (t) => {
    const port = new URL(refused.base).port
    for (const url of [refused.base, `http://[::7f00:2]:${port}`, `http://[::ffff:127.0.0.2]:${port}`, `http://localhost:${port}`,
      'http://169.254.169.254/latest', 'http://10.0.0.1', 'http://[fd00::1]/', 'http://0.0.0.0:8002']) {
      const res = await gatewayWith(url)
      t.equal(res.statusCode, 400, url)
      t.match(res.json().error.fields.base_url, /not allowed: .*OUTBOUND_URL_ALLOW/, url)
    }
    const g = (await server.call({ method: 'GET', url: '/rest-api/gateway/1/', as: 'manager' })).json()
    const patched = await server.call({ method: 'PATCH', url: `/rest-api/gateway/${g.id}/`, as: 'admin', payload: { base_url: refused.base } })
    t.equal(patched.statusCode, 400, 'on update too')
    t.equal(refused.hits(), 0)
  })

  t.test('a stored internal base URL is refused again when the call is placed, and nothing of it is shown', async (t) => {
    const created = await gatewayWith('https://carrier.example.net/api')
    t.equal(created.statusCode, 201, created.body)
    // As if the allow-list had named the address when it was saved, or DNS now answers differently.
    await server.deps.database.pool.query('update gateway set base_url = $1, updated_date = now() where id = $2', [refused.base, created.json().id])
    const failed = await callThrough(server, created.json().id)
    t.match(failed.error, /refused by the outbound URL policy: 127\.0\.0\.2 is a loopback address/)
    t.notMatch(failed.error, SECRET)
    t.equal(refused.hits(), 0, 'no request reached the internal address')
  })

  t.test('an allowed base URL is used, but its answer is reduced to the status and code', async (t) => {
    const created = await gatewayWith(allowed.base)
    t.equal(created.statusCode, 201, created.body)
    const failed = await callThrough(server, created.json().id)
    t.ok(allowed.hits() > 0, 'the allowed address was called')
    t.equal(failed.error, 'provider: the provider answered HTTP 400 (code 20001)')
    t.notMatch(JSON.stringify(failed), SECRET)
  })

  t.test("the built-in simulator at PUBLIC_URL/simulator is Tocsin's own", async (t) => {
    const res = await gatewayWith(`${server.url}/simulator/`)
    t.equal(res.statusCode, 201, res.body)
    t.equal(res.json().base_url, `${server.url}/simulator`)
  })
})
