// No lost answers: the request carrying the keys a callee pressed as they hung up may arrive after the call's
// `completed`. The attempt waits for it (CALL_SETTLE_GRACE), and an answer arriving later still — after the attempt
// settled — is applied all the same: the result is set, url_confirm fires once, the answer listeners hear it.
import t from 'tap'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import type { AppliedAnswer } from '../../src/alarms/hooks.js'
import { alarmRow, inMs, makeAlarm, makeCalendar, makeEvent, requestsOf, settled } from './helpers.js'
import { receiver } from '../helpers/hook-receiver.js'

function listen(server: TestServer): AppliedAnswer[] {
  const heard: AppliedAnswer[] = []
  server.deps.alarmHooks.answered.push(async (_tx, answer) => { heard.push(answer) })
  return heard
}

t.test('the last keypress arrives after completed, within the grace period: the attempt waits for it', async (t) => {
  const { hits, base } = await receiver(t)
  const server = await startTestServer(t, { OUTBOUND_URL_ALLOW: '127.0.0.1' }, { timeScale: 0.01 })
  const heard = listen(server)
  const cal = await makeCalendar(server)
  const { state } = server.simulator
  state.setChaos({ final_before_action: 1 })
  state.setNumber('+15557500001', { behavior: 'answer', presses: ['1'] })
  const ev = await makeEvent(server, cal)
  const a = await makeAlarm(server, cal, {
    event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: '+15557500001', url_confirm: `${base}/confirm`,
  })
  t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 5, result: 1 }, 'confirmed')
  const call = state.calls({ to: '+15557500001' })[0]!
  // Tocsin asks for `ringing` and `completed` only: the last status callback is `completed`, answered before the
  // gather request was even sent.
  const completed = call.webhooks.map((w) => w.kind).lastIndexOf('status')
  t.ok(completed >= 0 && call.webhooks.findIndex((w) => w.kind === 'gather') > completed, 'the keys arrived after completed')
  t.match(call.transcript.at(-1), { kind: 'hangup', text: 'the callee hung up as they pressed' })
  t.same((await requestsOf(server, a.id)).map((r) => r.status), [5], 'one attempt, a success')
  await eventually(async () => hits.length > 0 || null)
  t.same(hits, ['/confirm'], 'url_confirm once')
  t.match(heard, [{ alarmId: a.id, result: 1, source: 'call', attempt: 1 }], 'the answer listeners heard it once')
})

t.test('the last keypress arrives after the attempt settled: the answer is still applied, once', async (t) => {
  const { hits, base } = await receiver(t)
  // No grace at all: the attempt settles on `completed`, before the keys arrive.
  const server = await startTestServer(t, { OUTBOUND_URL_ALLOW: '127.0.0.1', CALL_SETTLE_GRACE: '0' }, { timeScale: 0.01 })
  const heard = listen(server)
  const cal = await makeCalendar(server)
  const { state } = server.simulator
  state.setChaos({ final_before_action: 1, duplicate: 1 })
  state.setNumber('+15557500011', { behavior: 'answer', presses: ['2'] })
  const ev = await makeEvent(server, cal)
  const a = await makeAlarm(server, cal, {
    event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: '+15557500011', url_cancel: `${base}/cancel`,
  })
  const row = await eventually(async () => {
    const r = await alarmRow(server, a.id)
    return r.status === 5 && r.result === 2 ? r : null
  }, 30_000)
  t.match(row, { status: 5, result: 2 }, 'cancelled, although the attempt had settled without an answer')
  t.same((await requestsOf(server, a.id)).map((r) => r.status), [5])
  await eventually(async () => hits.length > 0 || null)
  await new Promise((r) => setTimeout(r, 1000))
  t.same(hits, ['/cancel'], 'url_cancel once, although the gather request came twice')
  t.equal(heard.length, 1, 'heard once')
  t.equal(state.calls({ to: '+15557500011' })[0]!.webhooks.filter((w) => w.kind === 'gather').length, 2, 'the keys did come twice')
})

t.test('reordered, delayed and duplicated callbacks: every answer recorded once', async (t) => {
  const { hits, base } = await receiver(t)
  const server = await startTestServer(t, { OUTBOUND_URL_ALLOW: '127.0.0.1' }, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const { state } = server.simulator
  state.setChaos({ seed: 9, reorder: true, duplicate: 0.5, delay_ms: [0, 400], final_before_action: 0.5 })
  const alarms: Array<{ id: number; press: string }> = []
  for (let i = 0; i < 6; i++) {
    const number = `+155575001${String(i).padStart(2, '0')}`
    const press = i % 2 === 0 ? '1' : '2'
    state.setNumber(number, { behavior: 'answer', presses: [press] })
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: number,
      url_confirm: `${base}/confirm/${i}`, url_cancel: `${base}/cancel/${i}`,
    })
    alarms.push({ id: a.id, press })
  }
  for (const [i, a] of alarms.entries()) {
    t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 5, result: Number(a.press) }, `alarm ${i}: its answer`)
    t.equal((await requestsOf(server, a.id)).length, 1, 'one attempt')
  }
  await eventually(async () => hits.length >= alarms.length || null)
  await new Promise((r) => setTimeout(r, 1000))
  t.same([...hits].sort(), alarms.map((a, i) => `/${a.press === '1' ? 'confirm' : 'cancel'}/${i}`).sort(), 'one delivery per answer')
  const webhooks = state.calls().flatMap((c) => c.webhooks)
  t.ok(webhooks.some((w) => w.kind === 'status'), 'callbacks were sent')
  t.equal(webhooks.filter((w) => w.status !== null && w.status >= 500).length, 0, 'no webhook answered 5xx')
})
