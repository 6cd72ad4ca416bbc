import t from 'tap'
import { eq } from 'drizzle-orm'
import twilio from 'twilio'
import { gateway } from '../../src/db/schema/index.js'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'

// End to end over real HTTP: the call request API → job worker → Twilio SDK → simulator (carrier
// and callee) → signed webhooks → IVR engine → results in the database.

interface CallBody {
  id: number; status: string; callstatus: number; result: number; answered_by: string | null
  transferred_to: string | null; provider_sid: string | null; duration: number; error: string | null
  answers: { node: string; response: string }[]
}

const data = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }

async function placeCall(server: TestServer, to: string, extra: Record<string, unknown> = {}): Promise<CallBody> {
  const res = await server.call({
    method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
    payload: { phone_number: to, survey: 1, gateway: 1, callerid: '+15550000001', data, phonenumber_transfer: '+15550000099', ...extra },
  })
  if (res.statusCode !== 201) throw new Error(`callrequest: ${res.statusCode} ${res.body}`)
  const created = res.json() as CallBody
  return eventually(async () => {
    const current = (await server.call({ method: 'GET', url: `/rest-api/callrequest/${created.id}/`, as: 'manager' })).json() as CallBody
    return current.callstatus >= 4 ? current : null
  }, 20_000)
}

const transcript = (server: TestServer, to: string) => server.simulator.state.calls({ to })[0]!.transcript

t.test('reminder calls through the simulator', async (t) => {
  const server = await startTestServer(t)
  const { state } = server.simulator

  t.test('answer and press 1 → confirmed', async (t) => {
    state.setNumber('+15551000001', { behavior: 'answer', presses: ['1'] })
    const done = await placeCall(server, '+15551000001')
    t.match(done, { status: 'completed', callstatus: 4, result: 1 })
    t.ok(done.provider_sid?.startsWith('CA'))
    t.same(done.answers, [{ node: 'ask', response: '1', recording_url: null, recording_duration: null }])
    const said = transcript(server, '+15551000001').filter((e) => e.kind === 'say').map((e) => e.text).join(' ')
    t.match(said, 'Hello Ada. This is Mitte Clinic')
    t.match(said, 'Your appointment is confirmed')
  })

  t.test('press 2 → cancelled', async (t) => {
    state.setNumber('+15551000002', { behavior: 'answer', presses: ['2'] })
    t.match(await placeCall(server, '+15551000002'), { status: 'completed', result: 2 })
  })

  t.test('press 3 → rescheduled and the transfer number is dialled with our caller id', async (t) => {
    state.setNumber('+15551000003', { behavior: 'answer', presses: ['3'] })
    const done = await placeCall(server, '+15551000003')
    t.match(done, { status: 'completed', result: 3, transferred_to: '+15550000099' })
    t.ok(transcript(server, '+15551000003').some((e) => e.kind === 'dial' && e.number === '+15550000099'))
  })

  t.test('invalid then valid digits', async (t) => {
    state.setNumber('+15551000004', { behavior: 'answer', presses: ['7', '2'] })
    const done = await placeCall(server, '+15551000004')
    t.match(done, { result: 2 })
    t.same(done.answers.map((a) => a.response), ['2'], 'the invalid 7 is never stored')
    t.match(transcript(server, '+15551000004').map((e) => e.text ?? '').join(' '), 'not one of the choices')
  })

  t.test('silence twice → goodbye, no result', async (t) => {
    state.setNumber('+15551000005', { behavior: 'answer', presses: ['', ''] })
    const done = await placeCall(server, '+15551000005')
    t.match(done, { status: 'completed', result: 0, answers: [] })
    t.match(transcript(server, '+15551000005').map((e) => e.text ?? '').join(' '), 'We did not get your answer')
  })

  t.test('a ringing call shows as ringing until it ends', async (t) => {
    state.setNumber('+15552000010', { behavior: 'no-answer' })
    const res = await server.call({
      method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
      payload: { phone_number: '+15552000010', survey: 1, gateway: 1, callerid: '+15550000001', data, timeout: 60 },
    })
    const get = async () => (await server.call({ method: 'GET', url: `/rest-api/callrequest/${res.json().id}/`, as: 'manager' })).json() as CallBody
    t.match(await eventually(async () => { const c = await get(); return c.callstatus === 2 ? c : null }, 10_000), { status: 'ringing' })
    t.match(await eventually(async () => { const c = await get(); return c.callstatus >= 4 ? c : null }, 10_000), { status: 'no-answer', callstatus: 7 })
  })

  for (const [behavior, status, code] of [['busy', 'busy', 5], ['no-answer', 'no-answer', 7], ['fail', 'failed', 6]] as const) {
    t.test(`${behavior} → ${status}`, async (t) => {
      const number = `+1555200000${code}`
      state.setNumber(number, { behavior })
      t.match(await placeCall(server, number, { timeout: 5 }), { status, callstatus: code, result: 0 })
    })
  }

  t.test('machine answers under each amd_behavior', async (t) => {
    state.setNumber('+15553000001', { behavior: 'machine' })
    const always = await placeCall(server, '+15553000001', { amd_behavior: 1 })
    // `always` plays the survey to whoever answers: no detection is asked for, so there is no verdict.
    t.match(always, { status: 'completed', answered_by: null })
    t.ok(transcript(server, '+15553000001').some((e) => e.kind === 'say'), 'the machine hears the survey')
    state.setNumber('+15553000002', { behavior: 'machine' })
    const humanOnly = await placeCall(server, '+15553000002', { amd_behavior: 2 })
    t.match(humanOnly, { answered_by: /^machine/, result: 0 })
    t.notOk(transcript(server, '+15553000002').some((e) => e.kind === 'say'), 'a machine hears nothing when human-only')
    state.setNumber('+15553000003', { behavior: 'machine' })
    const voicemail = await placeCall(server, '+15553000003', { amd_behavior: 3 })
    t.match(voicemail, { answered_by: /^machine/ })
    t.match(transcript(server, '+15553000003').map((e) => e.text ?? '').join(' '), 'Please call us if you need to change it')
  })

  t.test('hang-up mid-survey: the call completes with no result and no answer', async (t) => {
    // An interactive callee waits (in real time) at the question; the line is then hung up.
    state.setNumber('+15556000001', { behavior: 'answer', interactive: true })
    const res = await server.call({
      method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
      payload: { phone_number: '+15556000001', survey: 1, gateway: 1, callerid: '+15550000001', data },
    })
    const { id } = res.json() as CallBody
    await eventually(async () => state.calls({ to: '+15556000001' }).some((c) => c.transcript.some((e) => e.kind === 'gather')) || null)
    const sid = state.calls({ to: '+15556000001' })[0]!.sid
    const [gw] = await server.deps.db.select().from(gateway).where(eq(gateway.id, 1))
    await server.deps.telephony.voice(gw!).hangup(sid)
    const done = await eventually(async () => {
      const current = (await server.call({ method: 'GET', url: `/rest-api/callrequest/${id}/`, as: 'manager' })).json() as CallBody
      return current.callstatus >= 4 ? current : null
    })
    t.match(done, { status: 'completed', result: 0, answers: [] })
  })

  t.test('do-not-contact numbers are never dialled', async (t) => {
    await server.deps.database.pool.query(
      `insert into do_not_contact (organization_id, phone_number, reason) values (1, '+15554000001', 'asked')`)
    const done = await placeCall(server, '+15554000001')
    t.match(done, { status: 'failed', error: /do-not-contact/ })
    t.equal(state.calls({ to: '+15554000001' }).length, 0)
  })
})

t.test('webhooks are signed, replay-safe and never move a status backwards', async (t) => {
  const server = await startTestServer(t)
  server.simulator.state.setNumber('+15555000001', { behavior: 'answer', presses: ['1'] })
  const done = await placeCall(server, '+15555000001')
  const { rows: [gw] } = await server.deps.database.pool.query('select account_sid from gateway where id = 1')
  const token = (await import('../../src/kit/secrets.js')).decryptSecret(
    server.deps.config.secretKey,
    (await server.deps.database.pool.query('select auth_token_encrypted from gateway where id = 1')).rows[0].auth_token_encrypted,
  )
  const post = (path: string, params: Record<string, string>, signature?: string) => {
    const url = `${server.url}${path}`
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? twilio.getExpectedTwilioSignature(token, url, params),
      },
      body: new URLSearchParams(params),
    })
  }
  const statusPath = `/twilio/status?call=${done.id}`
  const base = { CallSid: done.provider_sid!, AccountSid: gw.account_sid }

  const tampered = await post(statusPath, { ...base, CallStatus: 'ringing' }, 'bm90LWEtc2lnbmF0dXJl')
  t.equal(tampered.status, 403)
  const unsigned = await fetch(`${server.url}${statusPath}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallStatus=busy' })
  t.equal(unsigned.status, 403)

  t.equal((await post(statusPath, { ...base, CallStatus: 'ringing' })).status, 204, 'a late ringing is accepted…')
  t.equal((await post(statusPath, { ...base, CallStatus: 'busy' })).status, 204)
  const after = (await server.call({ method: 'GET', url: `/rest-api/callrequest/${done.id}/`, as: 'manager' })).json() as CallBody
  t.match(after, { status: 'completed', result: 1, duration: done.duration }, '…but changes nothing once completed')

  const gatherPath = `/twilio/gather?call=${done.id}&seq=1`
  const replay = await post(gatherPath, { ...base, Digits: '2' })
  t.equal(replay.status, 200)
  t.match(await replay.text(), /<Response>/)
  const again = (await server.call({ method: 'GET', url: `/rest-api/callrequest/${done.id}/`, as: 'manager' })).json() as CallBody
  t.equal(again.result, 1, 'a replayed gather does not re-run the step')
  t.same(again.answers.map((a) => a.response), ['1'])

  const wrongCall = await post(`/twilio/voice?call=${done.id}`, { ...base, CallSid: 'CA00000000000000000000000000000000' })
  t.equal(wrongCall.status, 403, 'a CallSid that is not this call is refused')

  t.test('a late ringing after in-progress leaves the call in progress', async (t) => {
    // A person (interactive) holds the call at the question, so it stays in progress until hung up.
    const to = '+15555000002'
    server.simulator.state.setNumber(to, { behavior: 'answer', interactive: true })
    const res = await server.call({
      method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
      payload: { phone_number: to, survey: 1, gateway: 1, callerid: '+15550000001', data },
    })
    t.equal(res.statusCode, 201)
    const { id } = res.json() as CallBody
    const row = async () => (await server.deps.database.pool.query(
      'select status, callstatus, answered_at, ended_at, provider_sid from call where id = $1', [id])).rows[0]
    const answered = await eventually(async () => {
      const r = await row()
      return r.callstatus === 3 && server.simulator.state.calls({ to })[0]?.transcript.some((e) => e.kind === 'gather') ? r : null
    }, 20_000)
    t.match(answered, { status: 'in-progress', ended_at: null })
    t.ok(answered.answered_at instanceof Date, 'answered_at is set')

    const path = `/twilio/status?call=${id}`
    const late = await post(path, { CallSid: answered.provider_sid, AccountSid: gw.account_sid, CallStatus: 'ringing' })
    t.equal(late.status, 204, 'the late ringing is accepted…')
    t.same(await row(), answered, '…and the call stays in progress, answered_at unchanged')
    const api = (await server.call({ method: 'GET', url: `/rest-api/callrequest/${id}/`, as: 'manager' })).json() as CallBody
    t.match(api, { status: 'in-progress', callstatus: 3 })

    const [gwRow] = await server.deps.db.select().from(gateway).where(eq(gateway.id, 1))
    await server.deps.telephony.voice(gwRow!).hangup(answered.provider_sid)
    const ended = await eventually(async () => {
      const r = await row()
      return r.callstatus >= 4 ? r : null
    }, 20_000)
    t.match(ended, { status: 'completed', callstatus: 4 }, 'and ends normally once hung up')
  })
})

t.test('call request validation and visibility', async (t) => {
  const server = await startTestServer(t, {}, { worker: false })
  const post = (payload: object, as = 'manager') => server.call({ method: 'POST', url: '/rest-api/callrequest/', as, payload })
  const badNumber = await post({ phone_number: 'abc', survey: 1, gateway: 1 })
  t.equal(badNumber.statusCode, 400)
  t.ok(badNumber.json().phone_number, 'DRF: {"phone_number": [...]}')
  const badSurvey = await post({ phone_number: '+15551234567', survey: 999, gateway: 1 })
  t.equal(badSurvey.statusCode, 404)
  const badGateway = await post({ phone_number: '+15551234567', survey: 1, gateway: 'http://x/rest-api/gateway/999/' })
  t.equal(badGateway.statusCode, 400)
  t.ok(badGateway.json().gateway)
  const missing = await post({ phone_number: '+15551234567' })
  t.equal(missing.statusCode, 400)
  t.ok(missing.json().survey)
  const ok = await post({ phone_number: '(555) 123-4567', survey: 1, gateway: 1, callerid: '+15550000001' })
  t.equal(ok.statusCode, 201)
  t.match(ok.json(), { phone_number: '+15551234567', status: 'queued', callstatus: 1 })
  t.equal(ok.headers.location, ok.json().url)
  const other = await server.call({ method: 'POST', url: '/rest-api/user/', as: 'admin', payload: { username: 'other', password: 'other' } })
  t.equal(other.statusCode, 201)
  t.equal((await server.call({ method: 'GET', url: `/rest-api/callrequest/${ok.json().id}/`, as: 'other' })).statusCode, 404)
  t.equal((await server.call({ method: 'GET', url: '/rest-api/callrequest/', as: 'other' })).json().count, 0)
  t.equal((await server.call({ method: 'GET', url: '/rest-api/callrequest/', as: 'admin' })).json().count, 1)
})
