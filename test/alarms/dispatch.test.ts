// When alarms fire: on time, advance notice, daily windows (deferring, crossing midnight), a reschedule, a delete,
// pause and resume — end to end through the API, the job worker and the simulator.
import { DateTime } from 'luxon'
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { alarmJob, alarmRow, inMs, makeAlarm, makeCalendar, makeEvent, patch, plannedAt, query, requestsOf, settled, sleep } from './helpers.js'

const wall = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat('HH:mm:ss')

t.test('alarm dispatch', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal)
  const { state } = server.simulator

  const callOf = async (alarmId: number) => {
    const [row] = await query(server, `select c.* from call c join alarm_request r on r.call_id = c.id where r.alarm_id = $1 order by c.id`, [alarmId])
    return row
  }

  t.test('on time: dialled at its due time, answered, confirmed', async (t) => {
    state.setNumber('+15557000001', { behavior: 'answer', presses: ['1'] })
    const due = inMs(1500)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: due.toISOString(), alarm_phonenumber: '+15557000001' })
    t.equal(a.status, 1)
    const job = await alarmJob(server, a.id)
    t.equal(job?.run_at.getTime(), due.getTime(), 'one job, keyed alarm:<id>, at the due time')
    t.equal((await alarmRow(server, a.id)).status, 1, 'nothing happens before it is due')
    const done = await settled(server, a.id)
    t.match(done, { status: 5, result: 1, num_attempt: 1 })
    const [request] = await requestsOf(server, a.id)
    t.match(request, { status: 5, callstatus: 4 })
    const c = await callOf(a.id)
    t.equal(request.call_id, c.id)
    t.equal(c.alarm_request_id, request.id)
    const lateness = c.dialed_at.getTime() - due.getTime()
    t.ok(lateness >= 0 && lateness < 1000, `dialled ${lateness} ms after its due time`)
    t.equal(state.calls({ to: '+15557000001' }).length, 1)
    const said = state.calls({ to: '+15557000001' })[0]!.transcript.filter((e) => e.kind === 'say').map((e) => e.text).join(' ')
    t.match(said, 'Hello Ada. This is Mitte Clinic', 'the event data fills the survey')
    t.equal(await alarmJob(server, a.id), undefined, 'no job left')
    const reconcile = await query(server, 'select 1 from graphile_worker.jobs where key = $1', [`reconcile-call:${c.id}`])
    t.equal(reconcile.length, 0, 'nor a reconcile job, once the final status arrived')
  })

  t.test('advance notice: due advance_notice seconds before date_start_notice', async (t) => {
    const notice = inMs(3600_000)
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: notice.toISOString(), advance_notice: 3598, alarm_phonenumber: '+15557000002',
    })
    const job = await alarmJob(server, a.id)
    t.equal(job?.run_at.getTime(), notice.getTime() - 3598_000)
    await settled(server, a.id)
    const c = await callOf(a.id)
    const lateness = c.dialed_at.getTime() - (notice.getTime() - 3598_000)
    t.ok(lateness >= 0 && lateness < 1000, `dialled ${lateness} ms after date_start_notice − advance_notice`)
  })

  t.test('a daily window that has not opened yet defers the call to its opening', async (t) => {
    const zone = 'Pacific/Auckland'
    const opening = DateTime.fromJSDate(inMs(3500), { zone }).startOf('second').plus({ seconds: 1 })
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557000003', timezone: zone,
      daily_start: opening.toFormat('HH:mm:ss'), daily_stop: opening.plus({ hours: 2 }).toFormat('HH:mm:ss'),
    })
    t.equal((await alarmJob(server, a.id))?.run_at.getTime(), opening.toMillis(), 'planned for the window opening on the callee\'s clock')
    await sleep(1500)
    t.equal((await alarmRow(server, a.id)).status, 1, 'not called before the window opens')
    await settled(server, a.id)
    const c = await callOf(a.id)
    t.ok(c.dialed_at.getTime() >= opening.toMillis(), 'dialled once the window opened')
    t.ok(c.dialed_at.getTime() - opening.toMillis() < 1000)
  })

  t.test('a window crossing midnight: inside it calls at once, outside it waits for its start', async (t) => {
    const zone = 'America/New_York'
    const now = inMs(0)
    // 22:00–06:00 shifted so that "now" is inside: start an hour ago, stop an hour before that (crosses midnight).
    const inside = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(1000).toISOString(), alarm_phonenumber: '+15557000004', timezone: zone,
      daily_start: wall(new Date(now.getTime() - 3600_000), zone), daily_stop: wall(new Date(now.getTime() - 7200_000), zone),
    })
    const opening = DateTime.fromJSDate(inMs(3000), { zone }).startOf('second').plus({ seconds: 1 })
    const outside = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557000005', timezone: zone,
      daily_start: opening.toFormat('HH:mm:ss'), daily_stop: opening.minus({ hours: 1 }).toFormat('HH:mm:ss'),
    })
    t.equal((await alarmJob(server, outside.id))?.run_at.getTime(), opening.toMillis())
    await settled(server, inside.id)
    t.ok((await callOf(inside.id)).dialed_at.getTime() < opening.toMillis(), 'inside the crossing window: called on time')
    await settled(server, outside.id)
    t.ok((await callOf(outside.id)).dialed_at.getTime() >= opening.toMillis(), 'outside it: called when it opens')
  })

  t.test('rescheduled before it fires: the same job moves', async (t) => {
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(1500).toISOString(), alarm_phonenumber: '+15557000006' })
    const later = inMs(3500)
    await patch(server, cal, `/rest-api/alarm/${a.id}/`, { date_start_notice: later.toISOString() })
    const jobs = await query(server, `select run_at from graphile_worker.jobs where key = $1`, [`alarm:${a.id}`])
    t.equal(jobs.length, 1, 'still one job')
    t.equal(jobs[0].run_at.getTime(), later.getTime())
    await sleep(2500)
    t.equal((await alarmRow(server, a.id)).status, 1, 'the old time passed without a call')
    t.equal(state.calls({ to: '+15557000006' }).length, 0)
    await settled(server, a.id)
    const c = await callOf(a.id)
    t.ok(c.dialed_at.getTime() >= later.getTime() && c.dialed_at.getTime() - later.getTime() < 1000, 'called at the new time')
  })

  t.test('moving the event moves its unfired alarms and their jobs by the same amount', async (t) => {
    const moved = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, { event: moved.id, date_start_notice: inMs(60_000).toISOString(), alarm_phonenumber: '+15557000016' })
    const before = (await alarmRow(server, a.id)).date_start_notice.getTime()
    const start = new Date(moved.start).getTime()
    await patch(server, cal, `/rest-api/event/${moved.id}/`, {
      start: new Date(start + 3_600_000).toISOString(), end: new Date(new Date(moved.end).getTime() + 3_600_000).toISOString(),
    })
    t.equal((await alarmRow(server, a.id)).date_start_notice.getTime(), before + 3_600_000, 'an hour later, like the event')
    const planned = (await alarmJob(server, a.id))?.run_at ?? (await plannedAt(server, a.id))
    t.equal(planned?.getTime(), before + 3_600_000, 'its job or schedule moved too')
  })

  t.test('deleted before it fires: no job, no call', async (t) => {
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(1500).toISOString(), alarm_phonenumber: '+15557000007' })
    t.ok(await alarmJob(server, a.id))
    const res = await server.call({ method: 'DELETE', url: `/rest-api/alarm/${a.id}/`, as: cal.manager })
    t.equal(res.statusCode, 204)
    t.equal(await alarmJob(server, a.id), undefined, 'the job is removed with the alarm')
    await sleep(2500)
    t.equal((await alarmRow(server, a.id)).status, 7, 'cancelled')
    t.same(await requestsOf(server, a.id), [])
    t.equal(state.calls({ to: '+15557000007' }).length, 0)
  })

  t.test('a paused event holds its alarm; resuming releases it', async (t) => {
    const paused = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, { event: paused.id, date_start_notice: inMs(1500).toISOString(), alarm_phonenumber: '+15557000008' })
    const res = await server.call({ method: 'PATCH', url: `/rest-api/event/${paused.id}/update_last_child_status/`, as: cal.manager, payload: { status: 3 } })
    t.equal(res.statusCode, 200)
    t.equal(await alarmJob(server, a.id), undefined, 'no job while paused')
    await sleep(2500)
    t.equal((await alarmRow(server, a.id)).status, 1, 'held: still pending after its due time')
    t.equal(state.calls({ to: '+15557000008' }).length, 0, 'and nobody was called')
    await server.call({ method: 'PATCH', url: `/rest-api/event/${paused.id}/update_last_child_status/`, as: cal.manager, payload: { status: 1 } })
    const done = await settled(server, a.id)
    t.equal(done.status, 5, 'called once resumed (still within the staleness limit)')
    t.equal(state.calls({ to: '+15557000008' }).length, 1)
  })

  t.test('do-not-contact numbers are never called; the alarm fails without retries', async (t) => {
    await query(server, `insert into do_not_contact (organization_id, phone_number, reason) values (1, '+15557000009', 'asked')`)
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(1000).toISOString(), alarm_phonenumber: '+15557000009', maxretry: 3, retry_delay: 1,
    })
    const done = await settled(server, a.id)
    t.match(done, { status: 3, num_attempt: 1 })
    const c = await callOf(a.id)
    t.match(c, { status: 'failed', error: /do-not-contact/ })
    t.equal(state.calls({ to: '+15557000009' }).length, 0)
    await sleep(1500)
    t.equal((await requestsOf(server, a.id)).length, 1, 'no retry')
  })

  t.test('metrics', async (t) => {
    const text = await server.deps.metrics.registry.metrics()
    t.match(text, /tocsin_alarms_due_total\{method="call"\} \d+/)
    t.match(text, /tocsin_alarms_dispatched_total\{method="call"\} \d+/)
    t.match(text, /tocsin_alarm_dispatch_lateness_seconds_bucket\{le="0.25",method="call"\} \d+/)
    t.match(text, /tocsin_alarm_attempts_total\{method="call",outcome="success"\} \d+/)
    t.match(text, /tocsin_calls_in_progress \d+/)
  })
})
