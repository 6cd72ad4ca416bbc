// Issue 12 finding 6: ownerless gateways and rules were visible to every organization's managers, and organization B
// placed a call through organization A's gateway. System rows (the seeded simulator gateways, the default rules) are
// shared with every organization; everything else belongs to one organization and is used only for it.
// Finding 11 (part): a calendar user could dial any number through the shared gateway.
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { createManager, createOrganization } from '../crm/helpers.js'
import { expectStatus } from './helpers.js'

const SID = `AC${'0123456789abcdef'.repeat(2)}`
const gatewayBody = (name: string, extra: Record<string, unknown> = {}) =>
  ({ name, provider: 'simulator', account_sid: SID, auth_token: 'tok', caller_id: '+15550000001', ...extra })

t.test('gateways and rules belong to an organization; system rows are shared with all', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const orgB = await createOrganization(call, { name: 'B' })
  const bob = await createManager(call, 'bob', orgB)

  // Organization 1's rows: made by its admin without an owner (shared within it), and by its manager (their own).
  const sharedA = expectStatus(await call({ method: 'POST', url: '/rest-api/gateway/', as: 'admin', payload: gatewayBody('A shared') }), 201)
  const ownA = expectStatus(await call({ method: 'POST', url: '/rest-api/gateway/', as: 'manager', payload: gatewayBody('A manager') }), 201)
  const smsA = expectStatus(await call({ method: 'POST', url: '/rest-api/sms-gateway/', as: 'admin', payload: { ...gatewayBody('A sms'), caller_id: undefined, from_number: '+15550000002' } }), 201)
  const ruleA = expectStatus(await call({ method: 'POST', url: '/rest-api/rule/', as: 'admin', payload: { name: 'A daily', frequency: 'DAILY' } }), 201)
  const bobGateway = expectStatus(await call({ method: 'POST', url: '/rest-api/gateway/', as: 'bob', payload: gatewayBody('B own') }), 201)

  t.test('each row says whom it belongs to', async (t) => {
    t.match(sharedA, { user: null, organization: /\/rest-api\/organization\/1\/$/ })
    t.match(ruleA, { user: null, organization: /\/rest-api\/organization\/1\/$/ })
    t.match(bobGateway, { organization: new RegExp(`/rest-api/organization/${orgB.id}/$`) })
    const system = expectStatus(await call({ method: 'GET', url: '/rest-api/gateway/1/', as: 'bob' }), 200)
    t.match(system, { organization: null, user: null }, 'the seeded simulator gateway is a system row')
    t.match(expectStatus(await call({ method: 'GET', url: '/rest-api/rule/1/', as: 'bob' }), 200), { organization: null })
  })

  t.test('another organization does not see them', async (t) => {
    for (const [kind, row] of [['gateway', sharedA], ['gateway', ownA], ['sms-gateway', smsA], ['rule', ruleA]] as const) {
      t.equal((await call({ method: 'GET', url: `/rest-api/${kind}/${row.id}/`, as: 'bob' })).statusCode, 404, `${kind} ${row.id}`)
    }
    const ids = (await call({ method: 'GET', url: '/rest-api/gateway/', as: 'bob' })).json().results.map((g: { id: number }) => g.id)
    t.same(ids, [1, bobGateway.id], 'the system gateway and their own')
    const rules = (await call({ method: 'GET', url: '/rest-api/rule/', as: 'bob' })).json().results.map((r: { id: number }) => r.id)
    t.notOk(rules.includes(ruleA.id))
    t.equal((await call({ method: 'GET', url: `/rest-api/gateway/${sharedA.id}/`, as: 'manager' })).statusCode, 200, 'its own organization does')
    t.equal((await call({ method: 'GET', url: `/rest-api/gateway/${bobGateway.id}/`, as: 'manager' })).statusCode, 404)
  })

  t.test('nor can it use them: call requests, calendar settings, events', async (t) => {
    for (const gw of [sharedA, ownA]) {
      const res = await call({ method: 'POST', url: '/rest-api/callrequest/', as: 'bob', payload: { phone_number: '+15557400001', survey: 1, gateway: gw.id } })
      t.equal(res.statusCode, 400, `call request through gateway ${gw.id}`)
      t.ok(res.json().error.fields.gateway)
    }
    const { rows: before } = await deps.database.pool.query('select count(*)::int as n from call')
    t.equal(before[0].n, 0, 'no call was stored')
    const system = await call({ method: 'POST', url: '/rest-api/callrequest/', as: 'bob', payload: { phone_number: '+15557400001', survey: 1, gateway: 1 } })
    t.equal(system.statusCode, 201, 'the system gateway is usable by everyone')

    const setting = (extra: Record<string, unknown>) => call({
      method: 'POST', url: '/rest-api/calendar-setting/', as: 'bob', payload: { label: 'b', survey: 1, aleg_gateway: 1, ...extra },
    })
    t.ok((await setting({ aleg_gateway: sharedA.id })).json().error.fields.aleg_gateway)
    t.ok((await setting({ sms_gateway: smsA.id })).json().error.fields.sms_gateway)
    t.equal((await setting({ aleg_gateway: bobGateway.id })).statusCode, 201, 'their own')
    const forBob = await call({
      method: 'POST', url: '/rest-api/calendar-setting/', as: 'admin',
      payload: { label: 'made by the admin for bob', survey: 1, aleg_gateway: sharedA.id, user: bob.id },
    })
    t.equal(forBob.statusCode, 400, "an admin cannot give bob organization 1's gateway either")
    t.ok(forBob.json().error.fields.aleg_gateway, forBob.body)

    const cu = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar-user/', as: 'bob', payload: { username: 'cu_bob', password: 'cu_bob' } }), 201)
    const cal = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar/', as: 'bob', payload: { name: 'b', user: cu.id } }), 201)
    const event = (rule: number) => call({
      method: 'POST', url: '/rest-api/event/', as: 'bob',
      payload: { title: 'e', calendar: cal.id, start: '2030-01-10 09:00:00', end: '2030-01-10 10:00:00', rule },
    })
    t.ok((await event(ruleA.id)).json().error.fields.rule, "organization 1's rule")
    t.equal((await event(1)).statusCode, 201, 'a system rule')
  })

  t.test('calendar users place no call requests', async (t) => {
    expectStatus(await call({ method: 'POST', url: '/rest-api/calendar-user/', as: 'manager', payload: { username: 'cu_a', password: 'cu_a' } }), 201)
    const res = await call({ method: 'POST', url: '/rest-api/callrequest/', as: 'cu_a', payload: { phone_number: '+15557400002', survey: 1, gateway: 1 } })
    t.equal(res.statusCode, 403)
    const { rows } = await deps.database.pool.query("select count(*)::int as n from call where to_number = '+15557400002'")
    t.equal(rows[0].n, 0)
    t.equal((await call({ method: 'POST', url: '/rest-api/callrequest/', as: 'manager', payload: { phone_number: '+15557400002', survey: 1, gateway: 1 } })).statusCode, 201, 'a manager may')
  })
})
