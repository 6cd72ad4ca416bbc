// Issue 12 finding 1: the simulator mounted in `serve` needed no credentials — anyone read every organization's call
// transcripts and changed callee scripts and faults for everyone — and a manager made it fetch internal URLs whose
// content then showed in the transcript.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { decryptSecret } from '../../src/kit/secrets.js'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { createManager, createOrganization } from '../crm/helpers.js'

const basic = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${user}`).toString('base64')}` })

async function http(method: string, url: string, options: { as?: string; form?: Record<string, string>; json?: unknown; auth?: string } = {}) {
  const headers: Record<string, string> = {
    ...(options.as && basic(options.as)),
    ...(options.auth && { authorization: options.auth }),
    ...(options.form && { 'content-type': 'application/x-www-form-urlencoded' }),
    ...(options.json !== undefined && { 'content-type': 'application/json' }),
  }
  const body = options.form ? new URLSearchParams(options.form).toString() : options.json !== undefined ? JSON.stringify(options.json) : undefined
  const response = await fetch(url, { method, headers, ...(body !== undefined && { body }) })
  const text = await response.text()
  return { status: response.status, json: text === '' ? null : JSON.parse(text) }
}

async function placeAndFinish(server: TestServer, as: string, to: string): Promise<string> {
  const res = await server.call({ method: 'POST', url: '/rest-api/callrequest/', as, payload: { phone_number: to, survey: 1, gateway: 1, callerid: '+15550000001', data: { first_name: as } } })
  if (res.statusCode !== 201) throw new Error(`callrequest: ${res.statusCode} ${res.body}`)
  return eventually(async () => {
    const current = (await server.call({ method: 'GET', url: `/rest-api/callrequest/${res.json().id}/`, as })).json()
    return current.callstatus >= 4 ? current.provider_sid as string : null
  }, 20_000)
}

t.test('the simulator mounted in Tocsin', async (t) => {
  const server = await startTestServer(t)
  const sim = `${server.url}/simulator`
  const orgB = await createOrganization(server.call, { name: 'B' })
  await createManager(server.call, 'bob', orgB)

  t.test('its own API needs a login; changing it needs an admin', async (t) => {
    const control: [string, string, unknown?][] = [
      ['PUT', '/numbers/+15557600001', { behavior: 'busy' }], ['GET', '/numbers/+15557600001'], ['DELETE', '/numbers/+15557600001'],
      ['DELETE', '/numbers'], ['PUT', '/faults', { status: 503, count: 5 }], ['GET', '/faults'], ['DELETE', '/faults'],
      ['GET', '/numbers/+15557600001/events?wait=0'], ['POST', '/numbers/+15557600001/press', { digits: '1' }],
      ['PUT', '/chaos', { seed: 1, drop: 1 }], ['GET', '/chaos'], ['DELETE', '/chaos'],
      ['PUT', '/limits', { calls_per_second: 0.01 }], ['GET', '/limits'],
      ['POST', '/numbers/+15557600001/sms', { to: '+15005550006', body: 'STOP' }],
    ]
    for (const [method, path, json] of control) {
      t.equal((await http(method, `${sim}${path}`, { json })).status, 401, `${method} ${path} without credentials`)
      t.equal((await http(method, `${sim}${path}`, { json, as: 'manager' })).status, 403, `${method} ${path} as a manager`)
    }
    for (const path of ['/calls', '/calls/CA00000000000000000000000000000000', '/messages']) {
      t.equal((await http('GET', `${sim}${path}`)).status, 401, `GET ${path} without credentials`)
    }
    t.same(server.simulator.state.getNumber('+15557600001'), undefined, 'no script was set')
    t.equal((await http('GET', `${sim}/chaos`, { as: 'admin' })).json.chaos, null, 'no disorder was turned on')
    const { rows } = await server.deps.database.pool.query("select count(*)::int as n from sms_message where from_number = '+15557600001'")
    t.equal(rows[0].n, 0, 'no text reached Tocsin (a STOP would have opted the number out)')
    t.equal((await http('PUT', `${sim}/faults`, { json: { status: 503, count: 0 }, as: 'admin' })).status, 200, 'an admin may')
    t.equal((await http('PUT', `${sim}/numbers/+15557600002`, { json: { presses: ['2'] }, as: 'admin' })).status, 200)
  })

  t.test('each organization sees only its own calls and messages', async (t) => {
    const sidA = await placeAndFinish(server, 'manager', '+15557600002')
    const sidB = await placeAndFinish(server, 'bob', '+15557600003')
    const sids = async (as: string) => ((await http('GET', `${sim}/calls`, { as })).json.calls as { sid: string }[]).map((c) => c.sid)
    t.same(await sids('bob'), [sidB])
    t.same(await sids('manager'), [sidA])
    t.same((await sids('admin')).sort(), [sidA, sidB].sort(), 'admins see every call')
    t.equal((await http('GET', `${sim}/calls/${sidA}`, { as: 'bob' })).status, 404, "another organization's transcript is not found")
    const own = await http('GET', `${sim}/calls/${sidB}`, { as: 'bob' })
    t.equal(own.status, 200)
    t.match(JSON.stringify(own.json.transcript), 'Hello bob')
    t.same((await http('GET', `${sim}/calls?to=%2B15557600002`, { as: 'bob' })).json.calls, [])

    // A message sent straight through the carrier API belongs to no organization's alarm: admins only.
    const { rows } = await server.deps.database.pool.query('select account_sid, auth_token_encrypted from sms_gateway where id = 1')
    const auth = `Basic ${Buffer.from(`${rows[0].account_sid}:${decryptSecret(server.deps.config.secretKey, rows[0].auth_token_encrypted)}`).toString('base64')}`
    const sent = await http('POST', `${sim}/2010-04-01/Accounts/${rows[0].account_sid}/Messages.json`, { auth, form: { To: '+15557600004', From: '+15005550006', Body: 'hi' } })
    t.equal(sent.status, 201)
    t.same((await http('GET', `${sim}/messages`, { as: 'bob' })).json.messages, [])
    t.same((await http('GET', `${sim}/messages`, { as: 'manager' })).json.messages, [])
    t.equal((await http('GET', `${sim}/messages`, { as: 'admin' })).json.messages[0].sid, sent.json.sid)
  })

  t.test("no simulator gateway borrows another account's SID to read or end its calls", async (t) => {
    const sidA = await placeAndFinish(server, 'manager', '+15557600007')
    const system = (await server.call({ method: 'GET', url: '/rest-api/gateway/1/', as: 'bob' })).json()
    t.match(system.account_sid, /^AC[0-9a-f]{32}$/, "the system gateway's SID is readable (its token is not)")
    const borrowed = { provider: 'simulator', account_sid: system.account_sid, auth_token: 'bobs-own-token' }
    for (const [kind, extra] of [['gateway', { caller_id: '+15550000001' }], ['sms-gateway', { from_number: '+15550000002' }]] as const) {
      const res = await server.call({ method: 'POST', url: `/rest-api/${kind}/`, as: 'bob', payload: { name: 'borrowed', ...borrowed, ...extra } })
      t.equal(res.statusCode, 400, `${kind}: ${res.body}`)
      t.match(res.json().account_sid, [/another simulator account/])
    }
    const own = await server.call({
      method: 'POST', url: '/rest-api/gateway/', as: 'bob',
      payload: { name: 'own', provider: 'twilio', account_sid: `AC${'cd'.repeat(16)}`, auth_token: 'bobs-own-token', caller_id: '+15550000001' },
    })
    t.equal(own.statusCode, 201, own.body)
    const switched = await server.call({
      method: 'PATCH', url: `/rest-api/gateway/${own.json().id}/`, as: 'bob', payload: { provider: 'simulator', account_sid: system.account_sid },
    })
    t.equal(switched.statusCode, 400, 'nor by changing a gateway of their own')
    t.match(switched.json().account_sid, [/another simulator account/])

    const auth = `Basic ${Buffer.from(`${system.account_sid}:bobs-own-token`).toString('base64')}`
    const api = `${sim}/2010-04-01/Accounts/${system.account_sid}`
    t.equal((await http('GET', `${api}/Calls.json`, { auth })).status, 401, "the account's call list stays closed")
    t.equal((await http('POST', `${api}/Calls/${sidA}.json`, { auth, form: { Status: 'completed' } })).status, 401, 'and its calls cannot be ended')
    const { rows } = await server.deps.database.pool.query('select count(*)::int as n from gateway where account_sid = $1', [system.account_sid])
    t.equal(rows[0].n, 1, 'no second gateway holds the SID')
  })

  t.test("its carrier API requests only Tocsin's own URLs", async (t) => {
    let hits = 0
    const internal = createServer((_req, res) => { hits++; res.end('<Response><Say>internal secret</Say></Response>') })
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve))
    t.teardown(() => new Promise<void>((resolve) => internal.close(() => resolve())))
    const target = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/`

    // Any manager can make a simulator gateway of their own, and the simulator accepts its credentials.
    const sid = `AC${'ab'.repeat(16)}`
    const created = await server.call({
      method: 'POST', url: '/rest-api/gateway/', as: 'bob',
      payload: { name: 'mine', provider: 'simulator', account_sid: sid, auth_token: 'bobs-token', caller_id: '+15550000001' },
    })
    t.equal(created.statusCode, 201)
    const auth = `Basic ${Buffer.from(`${sid}:bobs-token`).toString('base64')}`
    const calls = `${sim}/2010-04-01/Accounts/${sid}/Calls.json`
    const base = { To: '+15557600005', From: '+15550000001' }
    for (const form of [
      { ...base, Url: target, Method: 'GET' },
      { ...base, Url: `${server.url}/twilio/voice?call=1`, StatusCallback: target },
      { ...base, Url: `${server.url}/rest-api/user/` },
      { ...base, Url: `${server.url}/twilio/voice`, AsyncAmd: 'true', AsyncAmdStatusCallback: `${target}amd` },
    ]) {
      const res = await http('POST', calls, { auth, form })
      t.equal(res.status, 400, JSON.stringify(form))
      t.match(res.json, { code: 21205, message: /not a URL of the application this simulator serves/ })
    }
    const sms = await http('POST', `${sim}/2010-04-01/Accounts/${sid}/Messages.json`, { auth, form: { To: '+15557600006', From: '+15550000001', Body: 'x', StatusCallback: target } })
    t.equal(sms.status, 400)
    t.equal(hits, 0, 'the internal address was never requested')
    t.same(server.simulator.state.calls({ to: '+15557600005' }), [], 'no call was started')
  })
})
