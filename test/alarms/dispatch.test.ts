// When alarms fire: on time, advance notice, daily windows (deferring, crossing midnight), a reschedule, a delete,
// pause and resume — end to end through the API, the job worker and the simulator. What the running worker does is
// asserted by order (never before its time) and outcome; how soon after its due time it dials is a benchmark figure
// (`npm run bench`), not something a busy machine can promise. Decisions at a given moment (too early, window still
// closed, moved, deleted, paused) run the dispatcher at that moment by its clock, on alarms due minutes or days ahead
// that the running worker leaves alone.
import { DateTime } from 'luxon'
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import {
  alarmJob, alarmRow, inMs, makeAlarm, makeCalendar, makeEvent, patch, plannedAt, query, requestsOf, runAlarmJobAt, settled,
} from './helpers.js'

const SECOND = 1000
const MINUTE = 60_000
const DAY = 86_400_000
const wall = (at: DateTime) => at.toFormat('HH:mm:ss')
/** Whole seconds, as a daily window can express them. */
const wholeSecondIn = (ms: number) => new Date(Math.floor(inMs(ms).getTime() / SECOND) * SECOND)

t.test('alarm dispatch', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal)
  // Starts in two days: alarms dispatched by clock a day ahead are not expired by their event having started.
  const distant = await makeEvent(server, cal, { start: inMs(2 * DAY).toISOString(), end: inMs(2 * DAY + 3600_000).toISOString() })
  const { state } = server.simulator
  const callsTo = (number: string) => state.calls({ to: number }).length

  const callOf = async (alarmId: number) => {
    const [row] = await query(server, `select c.* from call c join alarm_request r on r.call_id = c.id where r.alarm_id = $1 order by c.id`, [alarmId])
    return row
  }
  const attemptDate = async (alarmId: number) => (await requestsOf(server, alarmId))[0]?.date.getTime()

  t.test('on time: dialled once due, answered, confirmed', async (t) => {
    state.setNumber('+15557000001', { behavior: 'answer', presses: ['1'] })
    const due = inMs(1500)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: due.toISOString(), alarm_phonenumber: '+15557000001' })
    t.equal(a.status, 1)
    const job = await alarmJob(server, a.id)
    t.equal(job?.run_at.getTime(), due.getTime(), 'one job, keyed alarm:<id>, at the due time')
    const done = await settled(server, a.id)
    t.match(done, { status: 5, result: 1, num_attempt: 1 })
    const [request] = await requestsOf(server, a.id)
    t.match(request, { status: 5, callstatus: 4 })
    const c = await callOf(a.id)
    t.equal(request.call_id, c.id)
    t.equal(c.alarm_request_id, request.id)
    const lateness = c.dialed_at.getTime() - due.getTime()
    t.ok(lateness >= 0, `dialled once due, not before (${lateness} ms after)`)
    t.equal(callsTo('+15557000001'), 1)
    const said = state.calls({ to: '+15557000001' })[0]!.transcript.filter((e) => e.kind === 'say').map((e) => e.text).join(' ')
    t.match(said, 'Hello Ada. This is Mitte Clinic', 'the event data fills the survey')
    t.equal(await alarmJob(server, a.id), undefined, 'no job left')
    const reconcile = await query(server, 'select 1 from graphile_worker.jobs where key = $1', [`reconcile-call:${c.id}`])
    t.equal(reconcile.length, 0, 'nor a reconcile job, once the final status arrived')
  })

  t.test('by its clock: a second early the dispatcher waits, once due it calls', async (t) => {
    state.setNumber('+15557000010', { behavior: 'answer', presses: ['1'] })
    const due = wholeSecondIn(DAY)
    const a = await makeAlarm(server, cal, { event: distant.id, date_start_notice: due.toISOString(), alarm_phonenumber: '+15557000010' })
    t.equal((await plannedAt(server, a.id))?.getTime(), due.getTime(), 'planned for its due time')
    await runAlarmJobAt(server, a.id, new Date(due.getTime() - SECOND))
    t.equal((await alarmRow(server, a.id)).status, 1, 'a second early: nothing happens')
    t.same(await requestsOf(server, a.id), [])
    t.equal((await plannedAt(server, a.id))?.getTime(), due.getTime(), 'it stays planned for its due time')
    await runAlarmJobAt(server, a.id, due)
    t.match(await settled(server, a.id), { status: 5, result: 1, num_attempt: 1 })
    t.equal(await attemptDate(a.id), due.getTime(), 'the attempt is dated by the clock that decided it')
    t.equal(callsTo('+15557000010'), 1)
  })

  t.test('advance notice: due advance_notice seconds before date_start_notice', async (t) => {
    const notice = inMs(3600_000)
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: notice.toISOString(), advance_notice: 3598, alarm_phonenumber: '+15557000002',
    })
    const due = notice.getTime() - 3598_000
    const job = await alarmJob(server, a.id)
    t.equal(job?.run_at.getTime(), due)
    await settled(server, a.id)
    const lateness = (await callOf(a.id)).dialed_at.getTime() - due
    t.ok(lateness >= 0, `dialled once date_start_notice − advance_notice had come (${lateness} ms after)`)
  })

  t.test('a daily window that has not opened yet defers the call to its opening', async (t) => {
    // No DST in this zone: the window is exactly two hours after date_start_notice on any day of the year.
    const zone = 'Asia/Kolkata'
    state.setNumber('+15557000003', { behavior: 'answer', presses: ['1'] })
    const notice = DateTime.fromJSDate(wholeSecondIn(DAY), { zone })
    const opening = notice.plus({ hours: 2 })
    const a = await makeAlarm(server, cal, {
      event: distant.id, date_start_notice: notice.toISO(), alarm_phonenumber: '+15557000003', timezone: zone,
      daily_start: wall(opening), daily_stop: wall(opening.plus({ hours: 2 })),
    })
    t.equal((await plannedAt(server, a.id))?.getTime(), opening.toMillis(), "planned for the window's opening on the callee's clock")
    await runAlarmJobAt(server, a.id, notice.toJSDate())
    t.equal((await alarmRow(server, a.id)).status, 1, 'at date_start_notice, with the window still closed, nothing happens')
    t.equal(callsTo('+15557000003'), 0)
    t.equal((await plannedAt(server, a.id))?.getTime(), opening.toMillis(), 'it is planned for the opening again')
    await runAlarmJobAt(server, a.id, opening.toJSDate())
    t.match(await settled(server, a.id), { status: 5, num_attempt: 1 })
    t.equal(await attemptDate(a.id), opening.toMillis(), 'called when the window opened')
  })

  t.test('a window crossing midnight: inside it calls at once, outside it waits for its start', async (t) => {
    const zone = 'Asia/Tokyo' // no DST
    const notice = DateTime.fromJSDate(wholeSecondIn(DAY), { zone })
    // Opened an hour before date_start_notice, closes an hour before that (crossing midnight): notice is inside.
    const inside = await makeAlarm(server, cal, {
      event: distant.id, date_start_notice: notice.toISO(), alarm_phonenumber: '+15557000004', timezone: zone,
      daily_start: wall(notice.minus({ hours: 1 })), daily_stop: wall(notice.minus({ hours: 2 })),
    })
    // Opens half an hour after date_start_notice, closed since half an hour before it.
    const opening = notice.plus({ minutes: 30 })
    const outside = await makeAlarm(server, cal, {
      event: distant.id, date_start_notice: notice.toISO(), alarm_phonenumber: '+15557000005', timezone: zone,
      daily_start: wall(opening), daily_stop: wall(opening.minus({ hours: 1 })),
    })
    t.equal((await plannedAt(server, inside.id))?.getTime(), notice.toMillis(), 'inside the crossing window: planned at its own time')
    t.equal((await plannedAt(server, outside.id))?.getTime(), opening.toMillis(), 'outside it: planned for the opening')
    for (const number of ['+15557000004', '+15557000005']) state.setNumber(number, { behavior: 'answer', presses: ['1'] })
    await runAlarmJobAt(server, inside.id, notice.toJSDate())
    await runAlarmJobAt(server, outside.id, notice.toJSDate())
    t.match(await settled(server, inside.id), { status: 5 }, 'inside: called at date_start_notice')
    t.equal(await attemptDate(inside.id), notice.toMillis())
    t.equal((await alarmRow(server, outside.id)).status, 1, 'outside: not called at date_start_notice')
    await runAlarmJobAt(server, outside.id, opening.toJSDate())
    t.match(await settled(server, outside.id), { status: 5 }, 'outside: called when the window opens')
    t.equal(await attemptDate(outside.id), opening.toMillis())
  })

  t.test('rescheduled before it fires: the same job moves, the old time passes without a call', async (t) => {
    state.setNumber('+15557000006', { behavior: 'answer', presses: ['1'] })
    const first = wholeSecondIn(5 * MINUTE)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: first.toISOString(), alarm_phonenumber: '+15557000006' })
    const moved = new Date(first.getTime() + 3 * MINUTE)
    await patch(server, cal, `/rest-api/alarm/${a.id}/`, { date_start_notice: moved.toISOString() })
    const jobs = await query(server, `select run_at from graphile_worker.jobs where key = $1`, [`alarm:${a.id}`])
    t.equal(jobs.length, 1, 'still one job')
    t.equal(jobs[0].run_at.getTime(), moved.getTime())
    // The job as it was planned before the edit, run at the old time.
    await runAlarmJobAt(server, a.id, first, first)
    t.equal((await alarmRow(server, a.id)).status, 1, 'the old time passed without a call')
    t.equal(callsTo('+15557000006'), 0)
    t.equal((await plannedAt(server, a.id))?.getTime(), moved.getTime(), 'still planned for the new time')
    await runAlarmJobAt(server, a.id, moved)
    t.match(await settled(server, a.id), { status: 5, num_attempt: 1 })
    t.equal(await attemptDate(a.id), moved.getTime(), 'called at the new time')
    t.equal(callsTo('+15557000006'), 1)
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
    const due = wholeSecondIn(5 * MINUTE)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: due.toISOString(), alarm_phonenumber: '+15557000007' })
    t.ok(await alarmJob(server, a.id))
    const res = await server.call({ method: 'DELETE', url: `/rest-api/alarm/${a.id}/`, as: cal.manager })
    t.equal(res.statusCode, 204)
    t.equal(await alarmJob(server, a.id), undefined, 'the job is removed with the alarm')
    t.equal(await plannedAt(server, a.id), undefined, 'nothing is planned')
    // Were a job left behind, this is what it would do at the due time.
    await runAlarmJobAt(server, a.id, due)
    t.equal((await alarmRow(server, a.id)).status, 7, 'cancelled')
    t.same(await requestsOf(server, a.id), [])
    t.equal(callsTo('+15557000007'), 0)
  })

  t.test('a paused event holds its alarm; resuming releases it', async (t) => {
    state.setNumber('+15557000008', { behavior: 'answer', presses: ['1'] })
    const paused = await makeEvent(server, cal)
    const due = wholeSecondIn(5 * MINUTE)
    const a = await makeAlarm(server, cal, { event: paused.id, date_start_notice: due.toISOString(), alarm_phonenumber: '+15557000008' })
    const res = await server.call({ method: 'PATCH', url: `/rest-api/event/${paused.id}/update_last_child_status/`, as: cal.manager, payload: { status: 3 } })
    t.equal(res.statusCode, 200)
    t.equal(await plannedAt(server, a.id), undefined, 'nothing planned while paused')
    await runAlarmJobAt(server, a.id, new Date(due.getTime() + SECOND))
    t.equal((await alarmRow(server, a.id)).status, 1, 'held: still pending after its due time')
    t.equal(callsTo('+15557000008'), 0, 'and nobody was called')
    await server.call({ method: 'PATCH', url: `/rest-api/event/${paused.id}/update_last_child_status/`, as: cal.manager, payload: { status: 1 } })
    t.equal((await plannedAt(server, a.id))?.getTime(), due.getTime(), 'resuming plans it again')
    await runAlarmJobAt(server, a.id, new Date(due.getTime() + 2 * SECOND))
    const done = await settled(server, a.id)
    t.equal(done.status, 5, 'called once resumed, though past its due time (within the staleness limit)')
    t.equal(callsTo('+15557000008'), 1)
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
    t.equal(callsTo('+15557000009'), 0)
    t.equal((await requestsOf(server, a.id)).length, 1)
    t.equal(await plannedAt(server, a.id), undefined, 'no retry is planned')
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
