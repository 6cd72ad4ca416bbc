// Recurring events: children created before their alarms are due, alarms keeping their offset and starting at
// num_attempt 0, the local time kept across DST, COUNT and end_recurring_period ending the series, pause and
// resume, missed occurrences expired. The chain job's logic runs at an injected "now" to walk days in a second;
// one series also runs in real time through the worker and the simulator.
import { DateTime } from 'luxon'
import t from 'tap'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { extendChain } from '../../src/alarms/chain.js'
import { alarmRow, plannedAt, inMs, makeAlarm, makeCalendar, makeEvent, query, settled, type TestCalendar } from './helpers.js'

const BERLIN = 'Europe/Berlin'
const step = (server: TestServer, rootId: number, now: string | Date) =>
  server.deps.db.transaction((tx) => extendChain(tx, server.deps, rootId, new Date(now)))
const children = (server: TestServer, rootId: number) =>
  query(server, 'select * from event where parent_event_id = $1 order by occ_count', [rootId])
const alarmsOf = (server: TestServer, eventId: number) => query(server, 'select * from alarm where event_id = $1 order by id', [eventId])
const local = (d: Date) => DateTime.fromJSDate(d, { zone: BERLIN }).toFormat('yyyy-MM-dd HH:mm ZZ')

/** When the chain's next run is planned: its keyed job, or beyond the horizon its chain_schedule row. */
async function chainJob(server: TestServer, rootId: number) {
  return (await query(server, `select run_at from graphile_worker.jobs where key = $1
    union all select due_at from chain_schedule where root_id = $2`, [`chain:${rootId}`, rootId]))[0]?.run_at as Date | undefined
}

t.test('recurrence, walked at chosen instants', async (t) => {
  const server = await startTestServer(t, {}, { worker: false })
  const cal = await makeCalendar(server, { timezone: BERLIN })

  t.test('a daily event across the spring DST change keeps 09:00 for three occurrences', async (t) => {
    const root = await makeEvent(server, cal, {
      start: '2027-03-26 09:00:00', end: '2027-03-26 10:00:00', rule: 6, end_recurring_period: '2027-03-28 23:00:00', timezone: BERLIN,
    })
    t.ok(await chainJob(server, root.id), 'creating a recurring event plans its chain')
    const a = await makeAlarm(server, cal, {
      event: root.id, date_start_notice: '2027-03-26 08:00:00', alarm_phonenumber: '+15557300001', maxretry: 2, timezone: BERLIN,
    })
    await query(server, 'update alarm set num_attempt = 2 where id = $1', [a.id])

    const early = await step(server, root.id, '2027-03-20T00:00:00Z')
    t.same(early.created, [], 'nothing before its alarm is nearly due')
    t.equal(early.nextRunAt?.toISOString(), '2027-03-27T06:45:00.000Z', 'next run: 15 min before the child\'s alarm (08:00 CET)')
    t.equal((await chainJob(server, root.id))?.toISOString(), '2027-03-27T06:45:00.000Z', 'the chain\'s next run is planned there')

    const first = await step(server, root.id, early.nextRunAt!)
    t.equal(first.created.length, 1)
    t.equal(first.nextRunAt?.toISOString(), '2027-03-28T05:45:00.000Z', 'after the change, 08:00 CEST is 06:00Z')
    const second = await step(server, root.id, first.nextRunAt!)
    t.equal(second.created.length, 1)
    t.equal(second.nextRunAt, null, 'end_recurring_period ends the series')
    t.same((await step(server, root.id, '2027-04-10T00:00:00Z')).created, [], 'and nothing follows')

    const kids = await children(server, root.id)
    t.same(kids.map((k) => local(k.start)), ['2027-03-27 09:00 +01:00', '2027-03-28 09:00 +02:00'], 'the wall clock stays 09:00')
    t.same(kids.map((k) => k.occ_count), [1, 2])
    t.ok(kids.every((k) => k.parent_event_id === root.id && k.rule_id === 6 && k.status === 1))
    for (const kid of kids) {
      const [child] = await alarmsOf(server, kid.id)
      t.equal(kid.start.getTime() - child.date_start_notice.getTime(), 3600_000, 'the alarm keeps its hour before the event')
      t.match(child, { num_attempt: 0, status: 1, result: 0, maxretry: 2, alarm_phonenumber: '+15557300001' })
      t.equal((await plannedAt(server, child.id))?.getTime(), child.date_start_notice.getTime(), 'and its attempt is planned')
    }
  })

  t.test('COUNT counts the whole series', async (t) => {
    const rule = await server.call({ method: 'POST', url: '/rest-api/rule/', as: 'admin', payload: { name: 'Twice', frequency: 'DAILY', params: 'count:2' } })
    t.equal(rule.statusCode, 201)
    const root = await makeEvent(server, cal, { start: '2027-05-03 09:00:00', end: '2027-05-03 10:00:00', rule: rule.json().id, timezone: BERLIN })
    await makeAlarm(server, cal, { event: root.id, date_start_notice: '2027-05-03 08:00:00', alarm_phonenumber: '+15557300002', timezone: BERLIN })
    const first = await step(server, root.id, '2027-05-04T06:00:00Z')
    t.equal(first.created.length, 1)
    t.equal(first.nextRunAt, null, 'the root and one child: two occurrences, then the series is over')
    t.equal((await children(server, root.id)).length, 1)
  })

  t.test('a paused chain grows no further until resumed', async (t) => {
    const root = await makeEvent(server, cal, { start: '2027-06-01 09:00:00', end: '2027-06-01 10:00:00', rule: 6, timezone: BERLIN })
    await makeAlarm(server, cal, { event: root.id, date_start_notice: '2027-06-01 08:00:00', alarm_phonenumber: '+15557300003', timezone: BERLIN })
    t.equal((await step(server, root.id, '2027-06-02T06:00:00Z')).created.length, 1)
    const pause = await server.call({ method: 'PATCH', url: `/rest-api/event/${root.id}/update_last_child_status/`, as: cal.manager, payload: { status: 3 } })
    t.equal(pause.statusCode, 200)
    const [child] = await children(server, root.id)
    t.equal(child.status, 3, 'the newest child is paused')
    const [childAlarm] = await alarmsOf(server, child.id)
    t.equal(await plannedAt(server, childAlarm.id), undefined, 'its alarm is held (nothing planned)')
    t.same(await step(server, root.id, '2027-06-03T06:00:00Z'), { created: [], nextRunAt: null }, 'no new child while paused')
    await server.call({ method: 'PATCH', url: `/rest-api/event/${root.id}/update_last_child_status/`, as: cal.manager, payload: { status: 1 } })
    t.ok(await plannedAt(server, childAlarm.id), 'resumed: the alarm is planned again')
    t.ok(await chainJob(server, root.id), 'and the chain job is planned again')
    t.equal((await step(server, root.id, '2027-06-03T06:00:00Z')).created.length, 1, 'the chain continues')
  })

  t.test('occurrences missed during downtime are recorded expired; the series continues with the next', async (t) => {
    const root = await makeEvent(server, cal, { start: '2027-01-01 09:00:00', end: '2027-01-01 10:00:00', rule: 6, timezone: BERLIN })
    await makeAlarm(server, cal, { event: root.id, date_start_notice: '2027-01-01 08:00:00', alarm_phonenumber: '+15557300004', timezone: BERLIN })
    const result = await step(server, root.id, '2027-01-20T12:00:00Z')
    const kids = await children(server, root.id)
    t.equal(kids.length, 10, 'the latest ten missed occurrences are kept, older ones skipped')
    t.same(kids.map((k) => local(k.start).slice(0, 10)), Array.from({ length: 10 }, (_, i) => `2027-01-${String(11 + i).padStart(2, '0')}`))
    t.same(kids.map((k) => k.occ_count), Array.from({ length: 10 }, (_, i) => 10 + i), 'occ_count is the position in the series')
    for (const kid of kids) {
      const [missed] = await alarmsOf(server, kid.id)
      t.equal(missed.status, 6, `expired: ${local(kid.start)}`)
      t.equal(await plannedAt(server, missed.id), undefined)
    }
    t.equal(result.nextRunAt?.toISOString(), '2027-01-21T06:45:00.000Z', 'the next occurrence (21 January) is planned normally')
  })
})

t.test('a recurring series in real time: each occurrence is called', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const cal: TestCalendar = await makeCalendar(server)
  const rule = await server.call({ method: 'POST', url: '/rest-api/rule/', as: 'admin', payload: { name: 'Every 5 s, twice', frequency: 'SECONDLY', params: 'interval:5;count:2' } })
  t.equal(rule.statusCode, 201, rule.body)
  // Each alarm is due 10 s before its occurrence starts: that long a busy machine may take to dial it before it
  // would be expired as too late. The root's alarm is due about 2 s from now, the child's 5 s later.
  const lead = 10_000
  const start = new Date(Math.ceil(inMs(12_000).getTime() / 1000) * 1000)
  const root = await makeEvent(server, cal, { start: start.toISOString(), end: new Date(start.getTime() + 1000).toISOString(), rule: rule.json().id })
  const a = await makeAlarm(server, cal, { event: root.id, date_start_notice: new Date(start.getTime() - lead).toISOString(), alarm_phonenumber: '+15557300005' })
  t.match(await settled(server, a.id), { status: 5, num_attempt: 1 })
  const [child] = await eventually(async () => {
    const kids = await children(server, root.id)
    return kids.length > 0 ? kids : null
  }, 20_000)
  t.equal(child.start.getTime(), start.getTime() + 5000)
  const [childAlarm] = await alarmsOf(server, child.id)
  t.equal(childAlarm.date_start_notice.getTime(), child.start.getTime() - lead, 'the child\'s alarm keeps its offset to the start')
  t.match(await settled(server, childAlarm.id), { status: 5, num_attempt: 1 })
  const dialled = async (alarmId: number) =>
    (await query(server, 'select c.dialed_at from call c join alarm_request r on r.call_id = c.id where r.alarm_id = $1', [alarmId]))[0].dialed_at.getTime()
  const [rootCall, childCall] = [await dialled(a.id), await dialled(childAlarm.id)]
  t.ok(rootCall >= start.getTime() - lead, 'the root\'s alarm fired once due')
  t.ok(childCall >= childAlarm.date_start_notice.getTime() && childCall > rootCall, 'the child\'s alarm fired once due, after the root\'s')
  t.equal(server.simulator.state.calls({ to: '+15557300005' }).length, 2, 'one call per occurrence')
  t.equal((await alarmRow(server, a.id)).status, 5)
})
