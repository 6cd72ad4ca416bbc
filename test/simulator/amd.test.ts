import t from 'tap'
import { callForm, sendJson, startSimulator, startTwimlApp } from './fixtures/harness.js'

const GREETING = '<Response><Gather action="/gather"><Say>Press 1</Say></Gather></Response>'

t.test('synchronous AMD holds the first request until AnsweredBy is known', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', GREETING)
  await sendJson('PUT', `${base}/numbers/+15553330001`, { behavior: 'machine', presses: ['1'] })

  const machine = await api.createCall(callForm(app, '+15553330001', { MachineDetection: 'Enable' }))
  const call = await waitForCallEnd(machine.json.sid)
  t.equal(app.received('/voice', machine.json.sid)[0]?.params.AnsweredBy, 'machine_start')
  t.equal(call.answered_by, 'machine_start')
  t.notOk(call.transcript.some((e) => e.kind === 'press'), 'an answering machine presses nothing')
  t.equal(app.received('/status', machine.json.sid).at(-1)?.params.AnsweredBy, 'machine_start')
  t.equal((await api.fetchCall(machine.json.sid)).json.answered_by, 'machine_start')

  const beep = await api.createCall(callForm(app, '+15553330001', { MachineDetection: 'DetectMessageEnd' }))
  await waitForCallEnd(beep.json.sid)
  t.equal(app.received('/voice', beep.json.sid)[0]?.params.AnsweredBy, 'machine_end_beep')

  const human = await api.createCall(callForm(app, '+15553330002', { MachineDetection: 'Enable' }))
  const humanCall = await waitForCallEnd(human.json.sid)
  t.equal(app.received('/voice', human.json.sid)[0]?.params.AnsweredBy, 'human')
  t.equal(app.received('/gather', human.json.sid)[0]?.params.Digits, '1')
  t.equal(humanCall.answered_by, 'human')
})

t.test('asynchronous AMD starts the TwiML at once and posts the verdict separately', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  // Long enough for the verdict to arrive while the call is still up.
  app.route('/voice', '<Response><Say>Hello</Say><Pause length="10"/></Response>')
  await sendJson('PUT', `${base}/numbers/+15553330003`, { behavior: 'machine' })

  const created = await api.createCall(
    callForm(app, '+15553330003', {
      MachineDetection: 'Enable',
      AsyncAmd: 'true',
      AsyncAmdStatusCallback: `${app.url}/amd`,
    }),
  )
  const amd = await app.waitFor('/amd', (r) => r.params.CallSid === created.json.sid)
  t.match(amd.params, { AnsweredBy: 'machine_start', AccountSid: created.json.account_sid, MachineDetectionDuration: /^\d+$/ })
  t.ok(amd.validSignature)
  t.notOk('AnsweredBy' in (app.received('/voice', created.json.sid)[0]?.params ?? {}), 'the first request did not wait for AMD')
  const call = await waitForCallEnd(created.json.sid)
  t.equal(call.answered_by, 'machine_start')
  t.ok(call.webhooks.some((w) => w.kind === 'amd' && w.response_code === 204))
})
