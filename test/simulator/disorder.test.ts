import t from 'tap'
import { ALL_EVENTS, callForm, getJson, sendJson, startSimulator, startTwimlApp, waitUntil } from './fixtures/harness.js'

const GATHER = '<Response><Gather action="/gather" numDigits="1"><Say>Press 1</Say></Gather></Response>'
const BYE = '<Response><Say>Thanks</Say><Hangup/></Response>'

t.test('PUT /chaos: strict, with defaults; GET shows it; DELETE turns it off', async (t) => {
  const { base } = await startSimulator(t)
  const full = { seed: 7, reorder: true, duplicate: 0.3, drop: 0.05, delay_ms: [0, 2000], final_before_action: 0.5, ambiguous_create: 0.2 }
  const put = await sendJson('PUT', `${base}/chaos`, full)
  t.equal(put.status, 200)
  t.same(put.json, { chaos: full })
  t.same(await getJson(`${base}/chaos`), { chaos: full })

  const partial = await sendJson('PUT', `${base}/chaos`, { duplicate: 1 })
  t.same(partial.json, { chaos: { seed: 1, reorder: false, duplicate: 1, drop: 0, delay_ms: [0, 0], final_before_action: 0, ambiguous_create: 0 } })

  const unknown = await sendJson('PUT', `${base}/chaos`, { seed: 7, storm: true })
  t.equal(unknown.status, 400)
  t.match(unknown.json, { error: { code: 'validation_failed', fields: { storm: 'is not a known field' } } })
  const bad = await sendJson('PUT', `${base}/chaos`, { duplicate: 2, delay_ms: [5], reorder: 'yes' })
  t.equal(bad.status, 400)
  t.match(bad.json, { error: { fields: { duplicate: String, delay_ms: String, reorder: String } } })
  t.equal((await sendJson('DELETE', `${base}/chaos`)).status, 204)
  t.same(await getJson(`${base}/chaos`), { chaos: null })

  const fault = await sendJson('PUT', `${base}/faults`, { status: 503, count: 1, extra: 1 })
  t.equal(fault.status, 400, '/faults refuses unknown fields too')
  t.match(fault.json, { error: { fields: { extra: 'is not a known field' } } })
  const script = await sendJson('PUT', `${base}/numbers/+15559990001`, { behavior: 'answer', voice: 'x' })
  t.match(script.json, { error: { fields: { voice: 'is not a known field' } } })
  const limits = await sendJson('PUT', `${base}/limits`, { calls_per_second: -1, burst: 3 })
  t.match(limits.json, { error: { fields: { calls_per_second: String, burst: 'is not a known field' } } })
})

t.test('duplicate: 1 sends every status callback and TwiML request twice; drop: 1 sends no status callback', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, sim, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', BYE)
  sim.state.setChaos({ duplicate: 1 })
  const twice = (await api.createCall(callForm(app, '+15559990011'))).json.sid
  await waitForCallEnd(twice)
  t.same(app.received('/status', twice).map((r) => r.params.CallStatus).sort(),
    ['completed', 'completed', 'in-progress', 'in-progress', 'initiated', 'initiated', 'ringing', 'ringing'])
  t.equal(app.received('/voice', twice).length, 2, 'the voice request is repeated too')

  sim.state.setChaos({ drop: 1 })
  const silent = (await api.createCall(callForm(app, '+15559990012'))).json.sid
  const call = await waitForCallEnd(silent)
  t.equal(app.received('/status', silent).length, 0, 'no status callback arrived')
  t.equal(call.status, 'completed')
  t.equal((await api.fetchCall(silent)).json.status, 'completed', 'the final status is only in the REST API')
  t.ok(call.webhooks.filter((w) => w.kind === 'status').every((w) => w.error === 'not sent: chaos dropped it'))
  void base
})

t.test('final_before_action: the callee presses and hangs up; completed arrives before the gather with the keys', async (t) => {
  const app = await startTwimlApp(t)
  const { api, sim, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', GATHER)
  app.route('/gather', BYE)
  sim.state.setChaos({ final_before_action: 1 })
  const sid = (await api.createCall(callForm(app, '+15559990021'))).json.sid
  const call = await waitForCallEnd(sid)
  const completed = app.requests.findIndex((r) => r.path === '/status' && r.params.CallSid === sid && r.params.CallStatus === 'completed')
  const gather = app.requests.findIndex((r) => r.path === '/gather' && r.params.CallSid === sid)
  t.ok(completed >= 0 && gather > completed, 'the final status came first')
  t.equal(app.requests[gather]?.params.Digits, '1', 'the late action still carries the keys')
  t.match(call.transcript.at(-1), { kind: 'hangup', text: 'the callee hung up as they pressed' })
})

t.test('ambiguous_create: the call is placed although the create answers 503 or is cut off', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, sim } = await startSimulator(t)
  app.route('/voice', BYE)
  sim.state.setChaos({ seed: 3, ambiguous_create: 1 })
  const answers: string[] = []
  for (let i = 0; i < 6; i++) {
    try {
      const created = await api.createCall(callForm(app, '+15559990031'))
      answers.push(`${created.status}:${created.json.code}`)
    } catch {
      answers.push('cut')
    }
  }
  t.ok(answers.includes('503:20503'), 'some answered 503')
  t.ok(answers.includes('cut'), 'some were cut off')
  t.notOk(answers.some((a) => a.startsWith('201')), 'none answered normally')
  const calls = await waitUntil(async () => {
    const { calls } = await getJson<{ calls: Array<{ status: string; create_answer: string; url: string }> }>(`${base}/calls?to=%2B15559990031`)
    return calls.length === 6 && calls.every((c) => c.status === 'completed') ? calls : undefined
  }, 10_000, 'six completed calls')
  t.same(calls.map((c) => (c.create_answer === 'unavailable' ? '503:20503' : 'cut')).reverse(), answers, 'the simulator shows how each create was answered')
  t.ok(calls.every((c) => c.url === `${app.url}/voice`), 'and the Url each was created with')
  t.equal(app.received('/voice').length, 6, 'every one of them rang through to the TwiML')

  // The same seed replays the same answers.
  sim.state.setChaos({ seed: 3, ambiguous_create: 0.5 })
  const replay = async () => {
    const out: string[] = []
    for (let i = 0; i < 8; i++) {
      try {
        out.push(String((await api.createCall(callForm(app, '+15559990032'))).status))
      } catch {
        out.push('cut')
      }
    }
    return out
  }
  const once = await replay()
  sim.state.setChaos({ seed: 3, ambiguous_create: 0.5 })
  t.same(await replay(), once, 'seeded: reproducible')
  t.ok(once.includes('201') && once.some((a) => a !== '201'), 'half and half')
})

t.test('reorder: status callbacks overtake each other', async (t) => {
  const app = await startTwimlApp(t)
  // Flat out: every progress event happens at once, so only the delays decide the order of arrival.
  const { api, sim, waitForCallEnd } = await startSimulator(t, { timeScale: 0 })
  app.route('/voice', BYE)
  sim.state.setChaos({ seed: 11, reorder: true, delay_ms: [0, 200] })
  let inverted = 0
  for (let i = 0; i < 4; i++) {
    const sid = (await api.createCall(callForm(app, `+1555999004${i}`, { StatusCallbackEvent: ALL_EVENTS }))).json.sid
    await waitForCallEnd(sid)
    const seqs = app.received('/status', sid).map((r) => Number(r.params.SequenceNumber))
    t.equal(seqs.length, 4, 'all four arrive')
    if (seqs.some((s, n) => n > 0 && s < seqs[n - 1]!)) inverted++
  }
  t.ok(inverted > 0, `some calls' callbacks arrived out of order (${inverted} of 4)`)
})

t.test("calls per second: Twilio's queue holds the excess (queue_time), in order", async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', BYE)
  t.same(await getJson(`${base}/limits`), { calls_per_second: 1, sms_segments_per_second: 1 }, "Twilio's defaults")
  t.match((await sendJson('PUT', `${base}/limits`, { calls_per_second: 0.02 })).json, { calls_per_second: 0.02 })
  // Created together: the account's queue spaces them 50 (simulated) seconds apart.
  const sids = await Promise.all([0, 1, 2].map(async (i) => (await api.createCall(callForm(app, `+1555999005${i}`))).json.sid as string))
  for (const sid of sids) await waitForCallEnd(sid)
  const calls = await Promise.all(sids.map(async (sid) => ({
    queued: Number((await api.fetchCall(sid)).json.queue_time),
    initiated: (await getJson<{ status_history: Array<{ status: string; at: string }> }>(`${base}/calls/${sid}`))
      .status_history.find((s) => s.status === 'initiated')!.at,
  })))
  calls.sort((a, b) => a.queued - b.queued)
  t.equal(calls[0]!.queued, 0, 'the first goes at once')
  t.ok(calls[1]!.queued >= 25_000 && calls[2]!.queued >= calls[1]!.queued + 25_000, `then about one every 50 s: ${calls.map((c) => c.queued).join(', ')} ms`)
  t.same(calls.map((c) => c.initiated), [...calls.map((c) => c.initiated)].sort(), 'dialled in their turn')
})

t.test('texts wait in their sender queue; past ValidityPeriod they fail unsent (30036)', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base } = await startSimulator(t)
  // One segment per 1,000 s: the second text waits ~10 s of real time at this time scale, whatever the machine's
  // load between the two creates, far past its 5 s validity.
  await sendJson('PUT', `${base}/limits`, { sms_segments_per_second: 0.001 })
  const first = await api.createMessage({ To: '+15559990061', From: '+15550003000', Body: 'one', StatusCallback: `${app.url}/s` })
  const second = await api.createMessage({ To: '+15559990062', From: '+15550003000', Body: 'two', StatusCallback: `${app.url}/s`, ValidityPeriod: '5' })
  t.equal(second.json.status, 'queued')
  const failed = await app.waitFor('/s', (r) => r.params.MessageSid === second.json.sid && r.params.MessageStatus === 'failed')
  t.equal(failed.params.ErrorCode, '30036')
  t.match((await api.fetchMessage(second.json.sid)).json, { status: 'failed', error_code: 30036, error_message: 'Validity Period Expired' })
  await app.waitFor('/s', (r) => r.params.MessageSid === first.json.sid && r.params.MessageStatus === 'delivered')
  const bad = await api.createMessage({ To: '+15559990063', From: FROM_OK, Body: 'x', ValidityPeriod: '0' })
  t.equal(bad.status, 400)
  t.equal(bad.json.code, 21624)
})
const FROM_OK = '+15550003001'

t.test('every AMD verdict, as Enable and DetectMessageEnd report it', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', BYE)
  const cases: Array<[string | null, string, string, string]> = [
    ['human', 'answer', 'Enable', 'human'],
    ['unknown', 'answer', 'Enable', 'unknown'],
    ['fax', 'answer', 'Enable', 'fax'],
    ['machine_start', 'answer', 'Enable', 'machine_start'],
    ['machine_end_silence', 'answer', 'Enable', 'machine_start'],
    ['machine_end_beep', 'answer', 'DetectMessageEnd', 'machine_end_beep'],
    ['machine_end_silence', 'answer', 'DetectMessageEnd', 'machine_end_silence'],
    ['machine_end_other', 'answer', 'DetectMessageEnd', 'machine_end_other'],
    ['machine_start', 'answer', 'DetectMessageEnd', 'machine_end_beep'],
    [null, 'machine', 'DetectMessageEnd', 'machine_end_beep'],
  ]
  let n = 0
  for (const [answeredBy, behavior, mode, expected] of cases) {
    const number = `+155599901${String(n++).padStart(2, '0')}`
    await sendJson('PUT', `${base}/numbers/${number}`, { behavior, answered_by: answeredBy })
    const sid = (await api.createCall(callForm(app, number, { MachineDetection: mode }))).json.sid
    const call = await waitForCallEnd(sid)
    t.equal(app.received('/voice', sid)[0]?.params.AnsweredBy, expected, `${answeredBy ?? behavior} under ${mode}`)
    t.equal(call.answered_by, expected)
  }
})

t.test('<Dial><Conference> and <Dial><Sip> are simulated', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  app.route('/voice', (p) => p.To === '+15559990201'
    ? '<Response><Dial action="/dial"><Conference>clinic-room</Conference></Dial></Response>'
    : '<Response><Dial action="/dial"><Sip>sip:+15559990299@pbx.example.com</Sip></Dial></Response>')
  app.route('/dial', BYE)
  await sendJson('PUT', `${base}/numbers/+15559990299`, { behavior: 'busy' })
  const conf = await waitForCallEnd((await api.createCall(callForm(app, '+15559990201'))).json.sid)
  t.match(conf.transcript.find((e) => e.kind === 'dial'), { number: 'clinic-room', text: 'completed' })
  t.equal(app.received('/dial').find((r) => r.params.To === '+15559990201')?.params.DialCallStatus, 'completed')
  const sip = await waitForCallEnd((await api.createCall(callForm(app, '+15559990202'))).json.sid)
  t.match(sip.transcript.find((e) => e.kind === 'dial'), { number: 'sip:+15559990299@pbx.example.com', text: 'busy' }, 'a SIP user that is a scripted number behaves as it')
  t.notOk(sip.transcript.some((e) => e.kind === 'error'))
})
