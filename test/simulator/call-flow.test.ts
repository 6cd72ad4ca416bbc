import t from 'tap'
import { callForm, startSimulator, startTwimlApp } from './fixtures/harness.js'

const PROMPT = 'Hello, this is your dental reminder. Press 1 to confirm, 2 to cancel.'

t.test('the default callee answers, hears the prompt and presses 1', async (t) => {
  const app = await startTwimlApp(t)
  const { api, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', `<?xml version="1.0" encoding="UTF-8"?>
    <Response>
      <Gather numDigits="1" action="/gather" timeout="5"><Say voice="Polly.Amy">${PROMPT}</Say></Gather>
      <Say>We did not get an answer.</Say>
    </Response>`)
  app.route('/gather', (p) => `<Response><Say>You pressed ${p.Digits}. Goodbye.</Say><Hangup/></Response>`)

  const created = await api.createCall(callForm(app, '+15551230001'))
  t.equal(created.status, 201)
  t.match(created.json, { status: 'queued', direction: 'outbound-api', to: '+15551230001', from: '+15550001000' })
  t.match(created.json.sid, /^CA[0-9a-f]{32}$/)

  const call = await waitForCallEnd(created.json.sid)
  t.equal(call.status, 'completed')
  t.ok(call.duration !== null && call.duration > 0, 'has a duration')
  t.same(
    call.transcript.map((e) => [e.kind, e.text ?? e.digits]),
    [
      ['gather', 'listening for keys (timeout 5s)'],
      ['say', PROMPT],
      ['press', '1'],
      ['say', 'You pressed 1. Goodbye.'],
      ['hangup', '<Hangup>'],
    ],
  )
  t.same(call.status_history.map((s) => s.status), ['queued', 'initiated', 'ringing', 'in-progress', 'completed'])

  t.ok(app.requests.length > 0 && app.requests.every((r) => r.validSignature), 'every webhook is signed like Twilio')
  const gather = app.received('/gather', created.json.sid)
  t.equal(gather[0]?.params.Digits, '1')
  t.match(app.received('/voice')[0]?.params, {
    CallSid: created.json.sid,
    AccountSid: created.json.account_sid,
    CallStatus: 'in-progress',
    Direction: 'outbound-api',
    From: '+15550001000',
    To: '+15551230001',
  })

  const statuses = app.received('/status', created.json.sid)
  t.same(statuses.map((s) => s.params.CallStatus), ['initiated', 'ringing', 'in-progress', 'completed'])
  t.same(statuses.map((s) => s.params.SequenceNumber), ['0', '1', '2', '3'])
  t.equal(statuses[3]?.params.CallDuration, String(call.duration))
  t.match(statuses[0]?.params, { CallbackSource: 'call-progress-events', ApiVersion: '2010-04-01', Timestamp: /\+0000$/ })
  t.notOk('AnsweredBy' in (statuses[3]?.params ?? {}), 'no AnsweredBy without AMD')

  const fetched = await api.fetchCall(created.json.sid)
  t.match(fetched.json, { status: 'completed', duration: String(call.duration), answered_by: null })
  t.ok(call.webhooks.every((w) => w.response_code !== null && w.response_code < 300), 'webhook log has response codes')
})

t.test('only the final event is sent when no StatusCallbackEvent is given', async (t) => {
  const app = await startTwimlApp(t)
  const { api, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', '<Response><Say>Hi</Say></Response>')
  const created = await api.createCall({ ...callForm(app, '+15551230002'), StatusCallbackEvent: [] })
  const call = await waitForCallEnd(created.json.sid)
  t.same(app.received('/status').map((s) => s.params.CallStatus), ['completed'])
  t.equal(call.transcript.at(-1)?.text, 'end of TwiML', 'end of document hangs up')
})

t.test('calls list newest first and filter by number', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', '<Response><Hangup/></Response>')
  const a = await api.createCall(callForm(app, '+15551230003'))
  const b = await api.createCall(callForm(app, '+15551230004'))
  await Promise.all([waitForCallEnd(a.json.sid), waitForCallEnd(b.json.sid)])
  const all = (await (await fetch(`${base}/calls`)).json()) as { calls: Array<{ sid: string }> }
  t.same(all.calls.map((c) => c.sid), [b.json.sid, a.json.sid])
  const filtered = (await (await fetch(`${base}/calls?to=${encodeURIComponent('+15551230003')}`)).json()) as { calls: Array<{ sid: string }> }
  t.same(filtered.calls.map((c) => c.sid), [a.json.sid])
})
