// Attempts beyond the horizon wait in alarm_schedule, not in graphile-worker's table; the planner moves them into
// keyed jobs as they come within it. Edits and deletes move or remove whichever form the plan has.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { HORIZON_MS, planAlarms } from '../../src/alarms/plan/plan.js'
import { extendChain } from '../../src/alarms/chain.js'
import { alarmJob, inMs, makeAlarm, makeCalendar, makeEvent, patch, plannedAt, query } from './helpers.js'

t.test('the horizon', async (t) => {
  const server = await startTestServer(t, {}, { worker: false })
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal, { start: inMs(5 * 3600_000).toISOString(), end: inMs(6 * 3600_000).toISOString() })
  const schedule = async (id: number) => (await query(server, 'select due_at from alarm_schedule where alarm_id = $1', [id]))[0]?.due_at as Date | undefined

  const far = inMs(3600_000)
  const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: far.toISOString(), alarm_phonenumber: '+15557800001' })
  t.equal(await alarmJob(server, a.id), undefined, 'an hour ahead: no graphile-worker job yet')
  t.equal((await schedule(a.id))?.getTime(), far.getTime(), 'but a schedule row at its due time')
  t.ok((await query(server, `select 1 from graphile_worker.jobs where key = 'plan-alarms'`)).length === 1, 'and the planner is planned')

  const near = inMs(60_000)
  await patch(server, cal, `/rest-api/alarm/${a.id}/`, { date_start_notice: near.toISOString() })
  t.equal((await alarmJob(server, a.id))?.run_at.getTime(), near.getTime(), 'moved within the horizon: a job')
  t.equal(await schedule(a.id), undefined, 'and no schedule row')

  await patch(server, cal, `/rest-api/alarm/${a.id}/`, { date_start_notice: far.toISOString() })
  t.equal(await alarmJob(server, a.id), undefined, 'moved back out: the job is gone')
  t.equal((await plannedAt(server, a.id))?.getTime(), far.getTime())

  const b = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(2 * 3600_000).toISOString(), alarm_phonenumber: '+15557800002' })
  const moved = await server.deps.db.transaction((tx) => planAlarms(tx, new Date(far.getTime() - HORIZON_MS + 1000)))
  t.equal(moved, 1, 'the planner moves what comes within the horizon, and only that')
  t.equal((await alarmJob(server, a.id))?.run_at.getTime(), far.getTime(), 'as the keyed job at the due time')
  t.equal(await schedule(a.id), undefined)
  t.ok(await schedule(b.id), 'the later one keeps waiting')
  t.equal(await server.deps.db.transaction((tx) => planAlarms(tx, new Date())), 0, 'nothing more to move now')

  const res = await server.call({ method: 'DELETE', url: `/rest-api/alarm/${b.id}/`, as: cal.manager })
  t.equal(res.statusCode, 204)
  t.equal(await plannedAt(server, b.id), undefined, 'deleting removes the schedule row too')
})

t.test('a recurring chain whose next run is beyond the horizon waits in chain_schedule', async (t) => {
  const server = await startTestServer(t, {}, { worker: false })
  const cal = await makeCalendar(server)
  const start = inMs(30 * 86_400_000)
  const root = await makeEvent(server, cal, { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString(), rule: 6 })
  const chainJob = async () => (await query(server, `select run_at from graphile_worker.jobs where key = $1`, [`chain:${root.id}`]))[0]?.run_at as Date | undefined
  const scheduled = async () => (await query(server, `select due_at from chain_schedule where root_id = $1`, [root.id]))[0]?.due_at as Date | undefined
  t.ok(await chainJob(), 'creating the series runs its chain job once')

  const step = await server.deps.db.transaction((tx) => extendChain(tx, server.deps, root.id, new Date()))
  t.same(step.created, [], 'a month ahead: no child yet')
  t.ok(step.nextRunAt!.getTime() > Date.now() + HORIZON_MS, 'its next run is beyond the horizon')
  t.equal(await chainJob(), undefined, 'so no graphile-worker job waits for it')
  t.equal((await scheduled())?.getTime(), step.nextRunAt!.getTime(), 'but a chain_schedule row')

  t.equal(await server.deps.db.transaction((tx) => planAlarms(tx, new Date())), 0, 'the planner leaves it until it comes within the horizon')
  const moved = await server.deps.db.transaction((tx) => planAlarms(tx, new Date(step.nextRunAt!.getTime() - HORIZON_MS + 1000)))
  t.equal(moved, 1)
  t.equal((await chainJob())?.getTime(), step.nextRunAt!.getTime(), 'then it is the keyed chain job, at its time')
  t.equal(await scheduled(), undefined)
})
