// calendar.max_concurrent, gateway.max_concurrent and gateway.max_cps hold across two worker processes (this one
// and a child process on the same database): calls over a limit wait their turn — in the order they became due — and
// still succeed.
import t from 'tap'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query, settled } from '../alarms/helpers.js'
import { startWorkerProcess } from '../alarms/processes.js'
import { WAIT_FALLBACK_MS } from '../../src/dialer/limits.js'

/** The most calls open at one instant, from when each was dialled to when it ended. */
function maxOverlap(calls: { dialed_at: Date; ended_at: Date }[]): number {
  const edges = calls.flatMap((c) => [[c.dialed_at.getTime(), 1], [c.ended_at.getTime(), -1]] as const)
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let open = 0
  let most = 0
  for (const [, d] of edges) {
    open += d
    most = Math.max(most, open)
  }
  return most
}

async function callsOf(server: TestServer, alarmIds: number[]) {
  return query<{ dialed_at: Date; ended_at: Date; to_number: string; alarm_id: number }>(server,
    `select c.dialed_at, c.ended_at, c.to_number, r.alarm_id from call c join alarm_request r on r.call_id = c.id where r.alarm_id = any($1) order by c.dialed_at`,
    [alarmIds])
}

t.test('limits across two worker processes', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.05 })
  await startWorkerProcess(t, server)
  await eventually(async () => (await query(server, 'select count(*)::int as n from worker_process'))[0].n === 2)
  t.pass('two worker processes are registered')
  const { state } = server.simulator

  t.test('calendar.max_concurrent', async (t) => {
    const cal = await makeCalendar(server, { maxConcurrent: 2 })
    const ev = await makeEvent(server, cal)
    // Far enough ahead that all six exist before any is due, even on a busy machine: they come due together.
    const due = inMs(4000)
    const alarms = []
    for (let i = 0; i < 6; i++) {
      const number = `+1555740000${i}`
      // 0.75 s of ringing at this time scale (the ring timeout is 20 s), so that calls overlap
      state.setNumber(number, { behavior: 'answer', presses: ['1'], ring_seconds: 15 })
      alarms.push(await makeAlarm(server, cal, { event: ev.id, date_start_notice: due.toISOString(), alarm_phonenumber: number }))
    }
    for (const a of alarms) t.match(await settled(server, a.id, [3, 5, 6, 7], 40_000), { status: 5 }, `alarm ${a.id} succeeded after waiting its turn`)
    const calls = await callsOf(server, alarms.map((a) => a.id))
    t.equal(calls.length, 6, 'one call each')
    t.equal(maxOverlap(calls), 2, 'never more than 2 calls of this calendar at once (and the limit was reached)')
  })

  t.test('gateway.max_concurrent and gateway.max_cps', async (t) => {
    const [gw] = await query(server, `insert into gateway (name, provider, account_sid, auth_token_encrypted, caller_id, max_cps, max_concurrent)
      select 'Limited', provider, account_sid, auth_token_encrypted, caller_id, 2, 3 from gateway where id = 1 returning id`)
    const cal = await makeCalendar(server, { gateway: gw.id })
    const ev = await makeEvent(server, cal)
    const due = inMs(4000)
    const alarms = []
    for (let i = 0; i < 8; i++) {
      const number = `+1555750000${i}`
      state.setNumber(number, { behavior: 'answer', presses: ['1'], ring_seconds: 15 })
      alarms.push(await makeAlarm(server, cal, { event: ev.id, date_start_notice: due.toISOString(), alarm_phonenumber: number }))
    }
    for (const a of alarms) t.match(await settled(server, a.id, [3, 5, 6, 7], 40_000), { status: 5 })
    const calls = await callsOf(server, alarms.map((a) => a.id))
    t.equal(calls.length, 8)
    t.ok(maxOverlap(calls) <= 3, `at most 3 calls on the gateway at once (saw ${maxOverlap(calls)})`)
    const dialled = calls.map((c) => c.dialed_at.getTime())
    const spans = dialled.slice(2).map((at, i) => at - dialled[i]!)
    t.ok(spans.every((s) => s >= 995), `any three consecutive dials span at least a second at 2 calls/s (${spans.join(', ')} ms)`)
    // What the carrier saw: each call only once its slot had begun. (The spacing it sees is the slots' plus HTTP
    // latency, which a busy machine does not bound.)
    t.ok(calls.every((c) => state.calls({ to: c.to_number })[0]!.dateCreated.getTime() >= c.dialed_at.getTime()),
      'the simulator received each call after its dialling slot began')
    t.equal(calls.reduce((n, c) => n + state.calls({ to: c.to_number }).length, 0), 8, 'and each exactly once')
  })

  t.test('waiting calls are dialled in the order they became due, each as soon as a line is free', async (t) => {
    const cal = await makeCalendar(server, { maxConcurrent: 1, setting: { call_timeout: 60 } })
    const ev = await makeEvent(server, cal)
    const first = inMs(4000).getTime()
    const spacing = 300
    const alarms = []
    for (let i = 0; i < 5; i++) {
      const number = `+1555760000${i}`
      // The first due (i = 4) rings 2.5 s at this time scale (under the 60 s ring timeout), the others 0.75 s: every
      // later alarm comes due while the first call still holds the line.
      state.setNumber(number, { behavior: 'answer', presses: ['1'], ring_seconds: i === 4 ? 50 : 15 })
      // Due 300 ms apart (far enough that two worker processes dispatch them in that order even on a busy machine),
      // created in the reverse order: the line follows the due time, not the alarm id.
      alarms.unshift(await makeAlarm(server, cal, { event: ev.id, date_start_notice: new Date(first + (4 - i) * spacing).toISOString(), alarm_phonenumber: number }))
    }
    for (const a of alarms) t.match(await settled(server, a.id, [3, 5, 6, 7], 40_000), { status: 5 })
    const calls = await callsOf(server, alarms.map((a) => a.id))
    t.same(calls.map((c) => c.alarm_id), alarms.map((a) => a.id), 'dialled in due order')
    t.equal(maxOverlap(calls), 1)
    t.ok(calls[1]!.dialed_at.getTime() > first + 4 * spacing, 'all were due while the first held the line')
    // A waiting call that is not woken looks again only after WAIT_FALLBACK_MS (plus jitter): a shorter gap is a wake.
    const gaps = calls.slice(1).map((c, i) => c.dialed_at.getTime() - calls[i]!.ended_at.getTime())
    t.ok(gaps.every((g) => g >= 0 && g < WAIT_FALLBACK_MS),
      `each dialled once the one before ended, woken rather than at its fallback look (${gaps.join(', ')} ms)`)
  })

  t.test('a waiting call whose job is gone does not hold up its line', async (t) => {
    const cal = await makeCalendar(server, { maxConcurrent: 1 })
    const ev = await makeEvent(server, cal)
    await query(server, `insert into call (organization_id, user_id, gateway_id, sealed_survey_id, calendar_id, from_number, to_number)
      values (1, 1, 1, 1, $1, '+15550000001', '+15557700000')`, [cal.calendarId])
    state.setNumber('+15557700001', { behavior: 'answer', presses: ['1'] })
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(1000).toISOString(), alarm_phonenumber: '+15557700001' })
    t.match(await settled(server, a.id, [3, 5, 6, 7], 10_000), { status: 5 })
  })
})

// With one worker process every deferral happens here, so the metric is certain to count them (with two, the other
// process may have made them all).
t.test('a call put back by a limit is counted', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.05 })
  const cal = await makeCalendar(server, { maxConcurrent: 1 })
  const ev = await makeEvent(server, cal)
  const due = inMs(3000)
  const alarms = []
  for (let i = 0; i < 2; i++) {
    const number = `+1555780000${i}`
    server.simulator.state.setNumber(number, { behavior: 'answer', presses: ['1'], ring_seconds: 15 })
    alarms.push(await makeAlarm(server, cal, { event: ev.id, date_start_notice: due.toISOString(), alarm_phonenumber: number }))
  }
  for (const a of alarms) t.match(await settled(server, a.id, [3, 5, 6, 7], 40_000), { status: 5 })
  const metrics = await server.deps.metrics.registry.metrics()
  t.match(metrics, /tocsin_dial_deferred_total\{limit="calendar_concurrency"\} [1-9]/, 'the second call waited and was counted')
})
