import t from 'tap'
import { callForm, sendJson, startSimulator, startTwimlApp, waitUntil } from './fixtures/harness.js'

const HELLO = '<Response><Say>Hello</Say></Response>'

t.test('a busy line ends busy without ringing and never fetches TwiML', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', HELLO)
  await sendJson('PUT', `${base}/numbers/+15552220001`, { behavior: 'busy' })
  const created = await api.createCall(callForm(app, '+15552220001'))
  const call = await waitForCallEnd(created.json.sid)
  t.equal(call.status, 'busy')
  t.equal(call.duration, 0)
  t.same(app.received('/status').map((s) => s.params.CallStatus), ['initiated', 'busy'])
  t.equal(app.received('/status').at(-1)?.params.CallDuration, '0')
  t.same(app.received('/voice'), [])
})

t.test('no-answer after the ring timeout', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', HELLO)

  await t.test('behavior no-answer rings for the whole Timeout', async (t) => {
    await sendJson('PUT', `${base}/numbers/+15552220002`, { behavior: 'no-answer' })
    const started = Date.now()
    const created = await api.createCall(callForm(app, '+15552220002', { Timeout: '20' }))
    const call = await waitForCallEnd(created.json.sid)
    t.equal(call.status, 'no-answer')
    // 20 simulated seconds at timeScale 0.01 is 200 ms.
    t.ok(Date.now() - started >= 190, 'waited out the scaled timeout')
    t.same(app.received('/status', created.json.sid).map((s) => s.params.CallStatus), ['initiated', 'ringing', 'no-answer'])
  })

  await t.test('a callee slower than the Timeout is a no-answer too', async (t) => {
    await sendJson('PUT', `${base}/numbers/+15552220003`, { behavior: 'answer', ring_seconds: 30 })
    const created = await api.createCall(callForm(app, '+15552220003', { Timeout: '15' }))
    t.equal((await waitForCallEnd(created.json.sid)).status, 'no-answer')
  })
  t.same(app.received('/voice'), [], 'no TwiML was fetched')
})

t.test('a failing number ends failed', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/+15552220004`, { behavior: 'fail' })
  const created = await api.createCall(callForm(app, '+15552220004'))
  t.equal((await waitForCallEnd(created.json.sid)).status, 'failed')
  t.same(app.received('/status').map((s) => s.params.CallStatus), ['initiated', 'failed'])
})

t.test('drop_callbacks swallows status callbacks but the call can still be fetched', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', HELLO)
  await sendJson('PUT', `${base}/numbers/+15552220005`, { drop_callbacks: true })
  const created = await api.createCall(callForm(app, '+15552220005'))
  const call = await waitForCallEnd(created.json.sid)
  t.same(app.received('/status'), [], 'no status callbacks arrived')
  t.equal(app.received('/voice').length, 1, 'the TwiML still ran')
  t.ok(call.webhooks.filter((w) => w.kind === 'status').every((w) => w.response_code === null && /drop_callbacks/.test(w.error ?? '')))
  const fetched = await api.fetchCall(created.json.sid)
  t.match(fetched.json, { status: 'completed', duration: /^\d+$/ }, 'reconciliation by fetch sees the outcome')
})

t.test('hanging up through the REST API', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', '<Response><Say>Please hold</Say><Pause length="600"/><Say>Never heard</Say></Response>')

  await t.test('Status=completed ends an answered call', async (t) => {
    const created = await api.createCall(callForm(app, '+15552220006'))
    await app.waitFor('/voice', (r) => r.params.CallSid === created.json.sid)
    await waitUntil(async () => (await api.fetchCall(created.json.sid)).json.status === 'in-progress')
    const updated = await api.updateCall(created.json.sid, { Status: 'completed' })
    t.equal(updated.status, 200)
    const call = await waitForCallEnd(created.json.sid)
    t.equal(call.status, 'completed')
    t.notOk(call.transcript.some((e) => e.text === 'Never heard'))
    t.equal(call.transcript.at(-1)?.text, 'hung up through the REST API')
    t.equal(app.received('/status', created.json.sid).at(-1)?.params.CallStatus, 'completed')
  })

  await t.test('Status=canceled stops a ringing call but not an answered one', async (t) => {
    await sendJson('PUT', `${base}/numbers/+15552220007`, { ring_seconds: 50 })
    const ringing = await api.createCall(callForm(app, '+15552220007'))
    await waitUntil(async () => (await api.fetchCall(ringing.json.sid)).json.status === 'ringing')
    await api.updateCall(ringing.json.sid, { Status: 'canceled' })
    const call = await waitForCallEnd(ringing.json.sid)
    t.equal(call.status, 'canceled')
    t.equal(app.received('/status', ringing.json.sid).at(-1)?.params.CallStatus, 'canceled')

    const answered = await api.createCall(callForm(app, '+15552220008'))
    await app.waitFor('/voice', (r) => r.params.CallSid === answered.json.sid)
    await api.updateCall(answered.json.sid, { Status: 'canceled' })
    t.equal((await api.fetchCall(answered.json.sid)).json.status, 'in-progress', 'canceled does not touch a live call')
    await api.updateCall(answered.json.sid, { Status: 'completed' })
    t.equal((await waitForCallEnd(answered.json.sid)).status, 'completed')
  })
})

t.test('redirecting a live call through the REST API', async (t) => {
  const app = await startTwimlApp(t)
  const { api, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', '<Response><Pause length="600"/></Response>')
  app.route('/moved', '<Response><Say>You have been moved</Say></Response>')
  const created = await api.createCall(callForm(app, '+15552220009'))
  await app.waitFor('/voice', (r) => r.params.CallSid === created.json.sid)
  await waitUntil(async () => (await api.fetchCall(created.json.sid)).json.status === 'in-progress')
  const updated = await api.updateCall(created.json.sid, { Url: `${app.url}/moved`, Method: 'POST' })
  t.equal(updated.status, 200)
  const call = await waitForCallEnd(created.json.sid)
  t.same(
    call.transcript.map((e) => e.kind),
    ['pause', 'redirect', 'say', 'hangup'],
  )
  t.equal(app.received('/moved').length, 1)
  const late = await api.updateCall(created.json.sid, { Url: `${app.url}/moved` })
  t.match(late, { status: 400, json: { code: 21220 } }, 'an ended call cannot be redirected')
})
