// After downtime an overdue alarm is expired rather than called hours late (within the limit it is still called),
// and a call whose final status callback never arrives is settled from the provider.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { eventually, startTestWorker } from '../helpers/worker.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, settled } from './helpers.js'

t.test('expiry after downtime', async (t) => {
  // ALARM_STALE_AFTER=30: an alarm more than 30 s overdue is too late to be useful. No worker runs while the alarms are
  // written ("downtime"), some of them already overdue; then one starts. The margins (60 s overdue against 30, 5 s
  // against 30) leave a busy machine all the time it needs.
  const server = await startTestServer(t, { ALARM_STALE_AFTER: '30' }, { timeScale: 0.01, worker: false })
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal)
  const stale = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(-60_000).toISOString(), alarm_phonenumber: '+15557700001' })
  const late = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(-5_000).toISOString(), alarm_phonenumber: '+15557700002' })
  const startedEvent = await makeEvent(server, cal, { start: inMs(-1_000).toISOString(), end: inMs(3600_000).toISOString() })
  const afterStart = await makeAlarm(server, cal, { event: startedEvent.id, date_start_notice: inMs(-5_000).toISOString(), alarm_phonenumber: '+15557700003' })
  // An alarm written straight into the table (no job): the sweep at worker start finds it.
  const [orphan] = await query(server, `insert into alarm (event_id, method, date_start_notice, alarm_phonenumber, survey_id, timezone)
    values ($1, 1, now() - interval '500 milliseconds', '+15557700005', 1, 'UTC') returning id`, [ev.id])
  await startTestWorker(t, server.deps)
  t.match(await settled(server, stale.id), { status: 6, num_attempt: 0 }, '60 s overdue: expired')
  t.same(await requestsOf(server, stale.id), [], 'no attempt was made')
  t.match(await settled(server, afterStart.id), { status: 6 }, 'its event already started: expired, though within the limit')
  t.match(await settled(server, late.id), { status: 5, num_attempt: 1 }, 'a few seconds overdue: still called')
  const { state } = server.simulator
  t.equal(state.calls({ to: '+15557700001' }).length, 0)
  t.equal(state.calls({ to: '+15557700003' }).length, 0)
  t.equal(state.calls({ to: '+15557700002' }).length, 1)
  t.match(await server.deps.metrics.registry.metrics(), /tocsin_alarms_expired_total\{method="call"\} 2/)
  t.match(await settled(server, orphan.id), { status: 5 }, 'a jobless alarm is re-planned by the sweep and called')
})

t.test('a call whose final callback never arrives is reconciled from the provider', async (t) => {
  const server = await startTestServer(t, { CALL_RECONCILE_AFTER: '1' }, { timeScale: 0.01 })
  const cal = await makeCalendar(server, { setting: { call_timeout: 2 } })
  const ev = await makeEvent(server, cal)
  server.simulator.state.setNumber('+15557700004', { behavior: 'answer', presses: ['1'], ring_seconds: 0, drop_callbacks: true })
  const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557700004' })
  const done = await settled(server, a.id, [3, 5, 6, 7], 20_000)
  t.match(done, { status: 5, result: 1 })
  const [c] = await query(server, 'select c.* from call c join alarm_request r on r.call_id = c.id where r.alarm_id = $1', [a.id])
  t.match(c, { status: 'completed', callstatus: 4 })
  const sim = server.simulator.state.calls({ to: '+15557700004' })[0]!
  t.ok(sim.webhooks.some((w) => w.kind === 'status' && w.status === null), 'the simulator swallowed the status callbacks')
  t.equal(c.duration, sim.duration, 'the duration came from the provider')
  t.same((await requestsOf(server, a.id)).map((r) => [r.status, r.callstatus]), [[5, 4]])
})

// Issue 12 finding 4: after a SIGKILL with calls in flight, calls the carrier no longer knew stayed "ringing" forever,
// reconciliation getting 404 again and again. Here the carrier "forgets" a call by the call's SID being one it never
// issued, as after a carrier restart.
t.test('a call the provider does not know is settled as failed after CALL_LOST_AFTER, and its attempt with it', async (t) => {
  const server = await startTestServer(t, { CALL_RECONCILE_AFTER: '1', CALL_LOST_AFTER: '3' }, { timeScale: 0.01 })
  const cal = await makeCalendar(server, { setting: { call_timeout: 2 } })
  const ev = await makeEvent(server, cal)
  // It goes unanswered, its status callbacks swallowed: only reconciliation can learn how it ended.
  server.simulator.state.setNumber('+15557700006', { behavior: 'no-answer', ring_seconds: 3600, drop_callbacks: true })
  const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: '+15557700006' })
  const [dialled] = await eventually(async () => {
    const rows = await query(server, 'select c.* from call c join alarm_request r on r.call_id = c.id where r.alarm_id = $1 and c.provider_sid is not null', [a.id])
    return rows.length > 0 ? rows : null
  }, 20_000)
  const [guard] = await query(server, 'select run_at from graphile_worker.jobs where key = $1', [`reconcile-call:${dialled.id}`])
  t.equal(guard?.run_at.getTime(), dialled.dialed_at.getTime() + 3000,
    'its reconcile-call guard was queued with the claim, for the ring timeout and CALL_RECONCILE_AFTER after dialed_at')
  await query(server, 'update call set provider_sid = $1 where id = $2', [`CA${'0'.repeat(32)}`, dialled.id])
  const done = await settled(server, a.id, [3, 5, 6, 7], 30_000)
  t.match(done, { status: 3, num_attempt: 1 }, 'the alarm failed (no retries allowed)')
  const [c] = await query(server, 'select * from call where id = $1', [dialled.id])
  t.match(c, { status: 'failed', callstatus: 6, error: /^lost: the provider does not know this call \(404 when asked how it ended, \d+ s after dialling\)$/ })
  t.ok(c.ended_at.getTime() - c.dialed_at.getTime() >= 3000, 'not before CALL_LOST_AFTER')
  t.same((await requestsOf(server, a.id)).map((r) => [r.status, r.callstatus]), [[3, 6]], 'its attempt settled as failed')
  const open = await query(server, "select 1 from graphile_worker.jobs where key = $1", [`reconcile-call:${c.id}`])
  t.same(open, [], 'and nothing asks about it any more')
})
