// Never two calls for one attempt: a create with no clear answer (503, a cut connection) leaves the call dialled;
// Tocsin finds out what happened — the first webhook naming the call, or the carrier's call list — and adopts the
// call; one that never shows up fails as not placed and the next attempt is a new call; and should the given-up call
// ring after all, its voice request ends it politely.
import twilio from 'twilio'
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { decryptSecret } from '../../src/kit/secrets.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, settled } from '../alarms/helpers.js'

t.test('ambiguous creates', async (t) => {
  const server = await startTestServer(t, { CALL_RECONCILE_AFTER: '1' }, { timeScale: 0.01 })
  const cal = await makeCalendar(server, { setting: { call_timeout: 3 } })
  const { state } = server.simulator
  const callOf = async (id: number) => (await query(server, 'select * from call where id = $1', [id]))[0]

  t.test('answered 503 or cut off: the call is adopted, not dialled again', async (t) => {
    state.setChaos({ seed: 6, ambiguous_create: 1 })
    t.teardown(() => state.setChaos(null))
    const numbers = ['+15557400001', '+15557400002', '+15557400003', '+15557400004']
    const alarms = []
    for (const number of numbers) {
      state.setNumber(number, { behavior: 'answer', presses: ['1'] })
      const ev = await makeEvent(server, cal)
      alarms.push(await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: number, maxretry: 2, retry_delay: 1 }))
    }
    for (const [i, a] of alarms.entries()) {
      t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 5, num_attempt: 1, result: 1 }, `${numbers[i]}: confirmed on its first attempt`)
      const [request, ...more] = await requestsOf(server, a.id)
      t.equal(more.length, 0, 'one attempt')
      const placed = state.calls({ to: numbers[i] })
      t.equal(placed.length, 1, 'one call at the carrier')
      t.match(await callOf(request.call_id), { provider_sid: placed[0]!.sid, status: 'completed', error: /^no clear answer to the create/ })
    }
    const answers = new Set(numbers.map((n) => state.calls({ to: n })[0]!.createAnswer))
    t.same([...answers].sort(), ['no-answer', 'unavailable'], 'both kinds of ambiguity were met')
  })

  t.test('with no webhook at all, the carrier\'s call list finds the call and its final status', async (t) => {
    state.setChaos({ ambiguous_create: 1 })
    t.teardown(() => state.setChaos(null))
    state.setNumber('+15557400011', { behavior: 'busy', drop_callbacks: true })
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: '+15557400011' })
    t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 3, num_attempt: 1 })
    const [request] = await requestsOf(server, a.id)
    t.match(request, { callstatus: 5, reason: 'busy' }, 'settled as the busy line it was, learnt from the carrier')
    t.match(await callOf(request.call_id), { provider_sid: state.calls({ to: '+15557400011' })[0]!.sid, status: 'busy' })
  })

  t.test('never placed: failed as not placed after its deadline; the retry is a new call; a late ring is ended politely', async (t) => {
    // The 503 comes before the simulator creates anything: from Tocsin's side it is just as ambiguous.
    state.setFault({ status: 503, count: 1 })
    t.teardown(() => state.setFault(null))
    state.setNumber('+15557400021', { behavior: 'answer', presses: ['1'] })
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: '+15557400021', maxretry: 1, retry_delay: 1 })
    t.match(await settled(server, a.id, [3, 5, 6, 7], 40_000), { status: 5, num_attempt: 2, result: 1 })
    const [first, second] = await requestsOf(server, a.id)
    t.match(first, { status: 4, reason: 'not-placed', reason_detail: 'the carrier never confirmed the call and does not list it' })
    t.match(second, { status: 5 })
    const placed = state.calls({ to: '+15557400021' })
    t.equal(placed.length, 1, 'the carrier placed one call: the retry')
    t.ok(placed[0]!.url.includes(`call=${second.call_id}`), "it is the retry's own call")

    // Should the given-up call ring after all, its voice request (signed, naming the call) ends it.
    const [gw] = await query(server, 'select auth_token_encrypted from gateway where id = 1')
    const token = decryptSecret(server.deps.config.secretKey, gw.auth_token_encrypted)
    const url = `${server.url}/twilio/voice?call=${first.call_id}`
    const params = { CallSid: 'CA' + 'e'.repeat(32), CallStatus: 'in-progress', To: '+15557400021', From: '+15550000001', AccountSid: 'AC' + '1'.repeat(32) }
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params) },
      body: new URLSearchParams(params).toString(),
    })
    t.equal(res.status, 200)
    const twiml = await res.text()
    t.match(twiml, /<Say[^>]*>We are sorry, this call is no longer needed\. Goodbye\.<\/Say><Hangup\/>/)
    t.notMatch(twiml, /<Gather/, 'no survey')
    t.match(await callOf(first.call_id), { status: 'failed', provider_sid: params.CallSid }, 'recorded, still given up')
    t.match(await eventually(async () => (await requestsOf(server, a.id)).length === 2 && (await requestsOf(server, a.id))), [{ status: 4 }, { status: 5 }], 'the alarm is not touched')
  })
})
