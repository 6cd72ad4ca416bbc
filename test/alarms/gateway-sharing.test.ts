// Where a gateway is finally used — dialling an alarm's call, sending an SMS — it must still be one the call's
// organization may use (issue 12 finding 6), and an alarm attempt that fails before dialling links to no call request
// rather than to one that never existed (finding 11).
import t from 'tap'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { createManager, createOrganization } from '../crm/helpers.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, settled, type TestCalendar } from './helpers.js'

const SID = `AC${'0123456789abcdef'.repeat(2)}`

async function expectBody(res: { statusCode: number; body: string; json(): any }, status: number): Promise<any> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
  return res.json()
}

/** makeCalendar's setup for a manager of another organization. */
async function calendarInOrganization(server: TestServer, manager: string): Promise<TestCalendar> {
  const setting = await expectBody(await server.call({
    method: 'POST', url: '/rest-api/calendar-setting/', as: manager,
    payload: { label: 'b', survey: 1, aleg_gateway: 1, sms_gateway: 1, callerid: '+15550000001', call_timeout: 20 },
  }), 201)
  const cu = await expectBody(await server.call({ method: 'POST', url: '/rest-api/calendar-user/', as: manager, payload: { username: `cu_${manager}`, password: 'x-cu-pass' } }), 201)
  await expectBody(await server.call({ method: 'PATCH', url: `/rest-api/calendar-user-profile/${cu.id}/`, as: manager, payload: { calendar_setting: setting.id } }), 200)
  const cal = await expectBody(await server.call({ method: 'POST', url: '/rest-api/calendar/', as: manager, payload: { name: 'b', user: cu.id } }), 201)
  return { manager, settingId: setting.id, calendarUserId: cu.id, calendarId: cal.id }
}

t.test('gateways are checked where they are used', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const { state } = server.simulator
  const orgB = await createOrganization(server.call, { name: 'B' })
  await createManager(server.call, 'bob', orgB)
  const calB = await calendarInOrganization(server, 'bob')
  // Organization 1's gateway on the same simulator, shared by its admin with organization 1's managers.
  const gatewayA = await expectBody(await server.call({
    method: 'POST', url: '/rest-api/gateway/', as: 'admin',
    payload: { name: 'A', provider: 'simulator', account_sid: SID, auth_token: 'tok-a', caller_id: '+15550000001', max_cps: 100 },
  }), 201)

  t.test("a setting that points at another organization's gateway does not dial through it", async (t) => {
    // The API refuses such a setting (test/calendar/sharing.test.ts); a row written before the rule, or by hand, still
    // must not carry organization B's calls on organization A's account.
    await query(server, 'update calendar_setting set aleg_gateway_id = $1 where id = $2', [gatewayA.id, calB.settingId])
    const ev = await makeEvent(server, calB)
    const a = await makeAlarm(server, calB, { event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557500001' })
    t.match(await settled(server, a.id), { status: 3 })
    const [request] = await requestsOf(server, a.id)
    const [failedCall] = await query(server, 'select * from call where id = $1', [request.call_id])
    t.match(failedCall, { gateway_id: gatewayA.id, dialed_at: null, provider_sid: null, error: `gateway ${gatewayA.id} is not shared with this call's organization` })
    t.equal(state.calls({ to: '+15557500001' }).length, 0, 'nothing was dialled')
  })

  t.test("an SMS never goes out through another organization's gateway", async (t) => {
    const smsA = await expectBody(await server.call({
      method: 'POST', url: '/rest-api/sms-gateway/', as: 'admin',
      payload: { name: 'A sms', provider: 'simulator', account_sid: SID, auth_token: 'tok-a', from_number: '+15550000002' },
    }), 201)
    await query(server, 'update calendar_setting set aleg_gateway_id = 1, sms_gateway_id = $1 where id = $2', [smsA.id, calB.settingId])
    const ev = await makeEvent(server, calB)
    const a = await makeAlarm(server, calB, {
      event: ev.id, method: 2, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557500002', sms_template: 'Hi',
    })
    t.match(await settled(server, a.id), { status: 3 })
    const [sms] = await query(server, 'select * from sms_message where to_number = $1', ['+15557500002'])
    t.match(sms, { status: 'failed', provider_sid: null, error: `SMS gateway ${smsA.id} is not shared with this organization` })
    t.equal(state.messages({ to: '+15557500002' }).length, 0)
  })

  t.test('an attempt that fails before dialling links to no call request', async (t) => {
    const cal = await makeCalendar(server)
    await expectBody(await server.call({ method: 'PATCH', url: `/rest-api/calendar-setting/${cal.settingId}/`, as: cal.manager, payload: { aleg_gateway: gatewayA.id } }), 200)
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(3000).toISOString(), alarm_phonenumber: '+15557500003' })
    // An alarm whose gateway is unusable is refused when it is written; one that loses its gateway afterwards fails
    // when it is due, before anything is dialled.
    await expectBody(await server.call({ method: 'PATCH', url: `/rest-api/gateway/${gatewayA.id}/`, as: 'admin', payload: { status: 0 } }), 200)
    t.match(await settled(server, a.id), { status: 3 })
    const [request] = await requestsOf(server, a.id)
    t.match(request, { call_id: null, callstatus: 6, status: 3 })
    const shown = await expectBody(await server.call({ method: 'GET', url: `/rest-api/alarm-request/${request.id}/`, as: cal.manager }), 200)
    t.equal(shown.callrequest, null)
    const [{ n }] = await query(server, "select count(*)::int as n from call where to_number = '+15557500003'")
    t.equal(n, 0)
  })
})
