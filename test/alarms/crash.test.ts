// A worker process killed with SIGKILL in the middle of 200 due alarms, then a new one started: every alarm reaches
// a final status, and the simulator never saw the same attempt (call) dialled twice.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { inMs, makeCalendar, makeEvent, query } from './helpers.js'
import { startWorkerProcess } from './processes.js'

const N = 200

t.test('SIGKILL mid-dispatch loses nothing and dials nothing twice', async (t) => {
  // No worker in this process: the child processes do all the work. Calls lost mid-dial are settled after
  // ring timeout (5 s) + CALL_RECONCILE_AFTER (1 s).
  const server = await startTestServer(t, { CALL_RECONCILE_AFTER: '1' }, { timeScale: 0.01, worker: false })
  const cal = await makeCalendar(server, { setting: { call_timeout: 5 } })
  const ev = await makeEvent(server, cal)
  const { state } = server.simulator
  for (let i = 0; i < N; i++) state.setNumber(`+1555760${String(i).padStart(4, '0')}`, { behavior: 'answer', presses: ['1'], ring_seconds: 2 })

  // 200 alarms due within half a second of each other, created through the API. No worker runs until all exist:
  // however long that takes, they come due (or are already overdue) together once it starts.
  const due = inMs(2_000)
  const ids: number[] = []
  for (let i = 0; i < N; i++) {
    const res = await server.call({
      method: 'POST', url: '/rest-api/alarm/', as: cal.manager,
      payload: { event: ev.id, date_start_notice: new Date(due.getTime() + (i % 50) * 10).toISOString(), alarm_phonenumber: `+1555760${String(i).padStart(4, '0')}` },
    })
    t.equal(res.statusCode, 201)
    ids.push(res.json().id)
  }

  const first = await startWorkerProcess(t, server, { WORKER_CONCURRENCY: '8' })
  const started = async () => (await query(server, 'select count(*)::int as n from alarm_request r join alarm a on a.id = r.alarm_id where a.id = any($1)', [ids]))[0].n as number
  await eventually(async () => (await started()) >= 40, 30_000)
  await first.kill()
  const atKill = await started()
  t.ok(atKill < N, `killed in the middle: ${atKill} of ${N} attempts had started`)
  const locked = (await query(server, 'select count(*)::int as n from graphile_worker._private_jobs where locked_at is not null'))[0].n
  t.comment(`${locked} jobs were left locked by the killed process`)

  await startWorkerProcess(t, server, { WORKER_CONCURRENCY: '8' })
  const final = await eventually(async () => {
    const rows = await query(server, 'select id, status from alarm where id = any($1)', [ids])
    return rows.every((r) => [3, 5, 6].includes(r.status)) ? rows : null
  }, 90_000)
  t.equal(final.length, N, 'every alarm reached a final status')
  const byStatus: Record<number, number> = {}
  for (const r of final) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
  t.comment(`final statuses: ${JSON.stringify(byStatus)}`)
  t.ok((byStatus[5] ?? 0) >= N - 16, 'nearly all succeeded (only calls lost mid-dial with the process may fail)')

  const requests = await query(server, 'select r.alarm_id, r.status, r.call_id from alarm_request r where r.alarm_id = any($1)', [ids])
  t.equal(requests.length, N, 'one attempt per alarm (maxretry 0)')
  t.ok(requests.every((r) => r.status !== 2), 'no attempt left in process')

  // The carrier's log: every simulated call names its Tocsin call in its webhook URLs.
  const simCalls = state.calls().filter((c) => c.to.startsWith('+1555760'))
  const callIds = simCalls.map((c) => Number(/[?&]call=(\d+)/.exec(c.webhooks[0]?.url ?? '')?.[1] ?? NaN))
  t.ok(callIds.every((id) => Number.isInteger(id)), 'each simulated call is one of ours')
  t.equal(new Set(callIds).size, callIds.length, 'no call (attempt) was dialled twice')
  const perNumber = new Map<string, number>()
  for (const c of simCalls) perNumber.set(c.to, (perNumber.get(c.to) ?? 0) + 1)
  t.ok([...perNumber.values()].every((n) => n === 1), 'and nobody was called twice')
  t.ok(simCalls.length >= (byStatus[5] ?? 0), 'every success is a call the carrier saw')
})
