import t from 'tap'
import { callForm, FROM, getJson, sendJson, startSimulator, startTwimlApp, type CallView } from './fixtures/harness.js'

const kinds = (call: CallView) => call.transcript.map((e) => e.kind)

t.test('Gather timeout', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/+15554440001`, { presses: ['silence'] })

  await t.test('falls through to the next verb without actionOnEmptyResult', async (t) => {
    app.route('/voice', '<Response><Gather action="/gather" timeout="3"><Say>Press 1</Say></Gather><Say>No answer received</Say></Response>')
    const created = await api.createCall(callForm(app, '+15554440001'))
    const call = await waitForCallEnd(created.json.sid)
    t.same(kinds(call), ['gather', 'say', 'gather', 'say', 'hangup'])
    t.equal(call.transcript[2]?.text, 'no input (timeout)')
    t.equal(call.transcript[3]?.text, 'No answer received')
    t.same(app.received('/gather'), [], 'action not requested')
  })

  await t.test('posts empty Digits with actionOnEmptyResult="true"', async (t) => {
    app.route('/voice', '<Response><Gather action="/gather" actionOnEmptyResult="true"><Say>Press 1</Say></Gather><Say>Unreached</Say></Response>')
    app.route('/gather', (p) => `<Response><Say>Got "${p.Digits}"</Say></Response>`)
    const created = await api.createCall(callForm(app, '+15554440001'))
    const call = await waitForCallEnd(created.json.sid)
    t.equal(app.received('/gather', created.json.sid)[0]?.params.Digits, '')
    t.equal(call.transcript.at(-2)?.text, 'Got ""')
  })
})

t.test('Gather consumes scripted presses in order, honouring finishOnKey and numDigits', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/+15554440002`, { presses: ['2', '', '1234#'] })
  app.route('/voice', '<Response><Gather action="/one" numDigits="1"/></Response>')
  app.route('/one', '<Response><Gather action="/two"/><Gather action="/three"/></Response>')
  app.route('/three', '<Response><Hangup/></Response>')
  const created = await api.createCall(callForm(app, '+15554440002'))
  await waitForCallEnd(created.json.sid)
  t.equal(app.received('/one')[0]?.params.Digits, '2')
  t.same(app.received('/two'), [], 'the silent press timed out')
  t.match(app.received('/three')[0]?.params, { Digits: '1234', FinishedOnKey: '#' })
})

t.test('Record posts the recording to its action', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/+15554440003`, { talk_seconds: 7 })
  app.route('/voice', `<Response><Say>Leave a message after the beep</Say>
    <Record action="/recorded" maxLength="30" recordingStatusCallback="/recording-status"/></Response>`)
  app.route('/recorded', '<Response><Say>Thanks</Say></Response>')
  const created = await api.createCall(callForm(app, '+15554440003'))
  const call = await waitForCallEnd(created.json.sid)
  const posted = app.received('/recorded')[0]?.params
  t.match(posted, { RecordingDuration: '7', RecordingSid: /^RE[0-9a-f]{32}$/ })
  t.equal(posted?.RecordingUrl, `${base}/2010-04-01/Accounts/${created.json.account_sid}/Recordings/${posted?.RecordingSid}`)
  t.same(kinds(call), ['say', 'record', 'say', 'hangup'])
  const audio = await fetch(posted?.RecordingUrl ?? '')
  t.equal(audio.headers.get('content-type'), 'audio/x-wav', 'the recording URL plays')
  const status = await app.waitFor('/recording-status')
  t.match(status.params, { RecordingStatus: 'completed', RecordingSid: posted?.RecordingSid })

  await t.test('an empty recording skips the action', async (t) => {
    await sendJson('PUT', `${base}/numbers/+15554440004`, { talk_seconds: 0 })
    const silent = await api.createCall(callForm(app, '+15554440004'))
    const silentCall = await waitForCallEnd(silent.json.sid)
    t.equal(app.received('/recorded', silent.json.sid).length, 0)
    t.equal(silentCall.transcript.find((e) => e.kind === 'record')?.text, 'empty recording (silence)')
  })
})

t.test('Dial bridges to the scripted number and reports DialCallStatus', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/+15554449999`, { talk_seconds: 12 })
  await sendJson('PUT', `${base}/numbers/+15554448888`, { behavior: 'busy' })
  app.route('/voice', '<Response><Say>Connecting you</Say><Dial action="/dialled" timeout="20"><Number>+15554449999</Number></Dial></Response>')
  app.route('/dialled', (p) =>
    p.DialCallStatus === 'completed' ? '<Response><Dial>+15554448888</Dial><Say>Reception is busy</Say></Response>' : '<Response/>',
  )
  const created = await api.createCall(callForm(app, '+15554440005'))
  const call = await waitForCallEnd(created.json.sid)
  t.match(app.received('/dialled')[0]?.params, { DialCallStatus: 'completed', DialCallDuration: '12', DialCallSid: /^CA/ })
  const dials = call.transcript.filter((e) => e.kind === 'dial')
  t.same(dials.map((d) => [d.number, d.text]), [['+15554449999', 'completed'], ['+15554448888', 'busy']])
  t.equal(call.transcript.at(-2)?.text, 'Reception is busy', 'without an action the call continues after <Dial>')
  t.ok((call.duration ?? 0) >= 12, 'the bridged conversation counts towards the duration')
})

t.test('Redirect, Play, Pause and relative URLs', async (t) => {
  const app = await startTwimlApp(t)
  const { api, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', '<Response><Play>https://example.com/chime.mp3</Play><Pause length="2"/><Redirect>next?step=2</Redirect><Say>skipped</Say></Response>')
  app.route('/next', (p) => `<Response><Say>Step ${p.step ?? '?'}</Say></Response>`)
  const created = await api.createCall(callForm(app, '+15554440006'))
  const call = await waitForCallEnd(created.json.sid)
  t.same(kinds(call), ['play', 'pause', 'redirect', 'say', 'hangup'])
  t.equal(call.transcript[0]?.url, 'https://example.com/chime.mp3')
  t.equal(call.transcript[1]?.seconds, 2)
  t.equal(call.transcript[2]?.url, `${app.url}/next?step=2`)
  t.ok(app.received('/next')[0]?.validSignature, 'a URL with a query string is signed correctly')
})

t.test('GET actions carry their parameters in the signed query string', async (t) => {
  const app = await startTwimlApp(t)
  const { api, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', '<Response><Gather action="/by-get" method="GET"/></Response>')
  app.route('/by-get', (p) => `<Response><Say>Digits ${p.Digits}</Say></Response>`)
  const created = await api.createCall(callForm(app, '+15554440007'))
  const call = await waitForCallEnd(created.json.sid)
  const request = app.received('/by-get')[0]
  t.equal(request?.method, 'GET')
  t.equal(request?.params.Digits, '1')
  t.ok(request?.validSignature)
  t.equal(call.transcript.at(-2)?.text, 'Digits 1')
})

t.test('Sms sends a text from inside the call', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', '<Response><Sms statusCallback="/sms-status">Your appointment is confirmed.</Sms><Say>Bye</Say></Response>')
  const created = await api.createCall(callForm(app, '+15554440008'))
  const call = await waitForCallEnd(created.json.sid)
  t.match(call.transcript[0], { kind: 'sms', number: '+15554440008', text: 'Your appointment is confirmed.' })
  const delivered = await app.waitFor('/sms-status', (r) => r.params.MessageStatus === 'delivered')
  t.match(delivered.params, { To: '+15554440008', From: FROM })
  const { messages } = await getJson<{ messages: Array<{ call_sid: string; body: string }> }>(`${base}/messages`)
  t.match(messages[0], { call_sid: created.json.sid, body: 'Your appointment is confirmed.' })
})

t.test('application errors end the call with an error in the transcript', async (t) => {
  const app = await startTwimlApp(t)
  const { api, waitForCallEnd } = await startSimulator(t)
  const cases: Array<[string, string | { status: number; body: string }, RegExp]> = [
    ['+15554441001', { status: 500, body: 'boom' }, /voice webhook POST .* failed: HTTP 500/],
    ['+15554441002', '<Response><Say>Unclosed</Response>', /invalid TwiML/],
    ['+15554441003', '<Respond><Say>Hi</Say></Respond>', /root must be <Response>/],
    ['+15554441004', '<Response><Say>Fish &amp; chips</Say><Enqueue>q</Enqueue><Say>Unreached</Say></Response>', /unknown TwiML verb <Enqueue>/],
    ['+15554441005', '<Response><Reject/></Response>', /<Reject> only applies to incoming calls/],
    ['+15554441006', '<Response><Gather><Dial>+15550000000</Dial></Gather></Response>', /<Dial> is not allowed inside <Gather>/],
  ]
  for (const [to, answer] of cases) app.route(`/voice-${to.slice(1)}`, () => answer)
  for (const [to, , expected] of cases) {
    const created = await api.createCall(callForm(app, to, { Url: `${app.url}/voice-${to.slice(1)}` }))
    const call = await waitForCallEnd(created.json.sid)
    const error = call.transcript.find((e) => e.kind === 'error')
    t.match(error?.text, expected, `${to}: ${expected}`)
    t.equal(call.transcript.at(-1)?.text, 'application error')
    t.equal(call.status, 'completed')
    t.notOk(call.transcript.some((e) => e.text === 'Unreached'))
  }

  await t.test('an unreachable voice URL is an application error too', async (t) => {
    const created = await api.createCall(callForm(app, '+15554441007', { Url: 'http://127.0.0.1:1/voice' }))
    const call = await waitForCallEnd(created.json.sid)
    t.match(call.transcript[0]?.text, /failed: connect ECONNREFUSED/)
    t.equal(call.webhooks.find((w) => w.kind === 'voice')?.response_code, null)
  })
})
