import { sql } from 'drizzle-orm'
import t from 'tap'
import { createTaskList } from '../src/jobs/index.js'
import { startWorker } from '../src/jobs/worker.js'
import { addJob, removeJob } from '../src/queue/queue.js'
import { buildTestApp } from './helpers/build.js'
import { eventually, startTestWorker } from './helpers/worker.js'

const pending = async (db: import('../src/db/client.js').Db) =>
  (await db.execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker.jobs`)).rows[0]!.n

t.test('a job added inside a transaction exists only if it commits', async (t) => {
  const { deps } = await buildTestApp(t)
  const { db } = deps
  await db.transaction(async (tx) => {
    await addJob(tx, 'noop', { note: 'rolled back' })
    tx.rollback()
  }).catch(() => {})
  t.equal(await pending(db), 0)
  await db.transaction(async (tx) => addJob(tx, 'noop', { note: 'committed' }))
  t.equal(await pending(db), 1)
})

t.test('keyed jobs are replaced, not duplicated, and can be removed', async (t) => {
  const { deps } = await buildTestApp(t)
  const { db } = deps
  const later = new Date(Date.now() + 3600_000)
  await addJob(db, 'noop', { key: 'k1' }, { runAt: later })
  await addJob(db, 'noop', { key: 'k1' }, { runAt: new Date(later.getTime() + 1000) })
  t.equal(await pending(db), 1)
  await removeJob(db, 'noop', 'k1')
  t.equal(await pending(db), 0)
})

t.test('the worker runs queued jobs', async (t) => {
  const { deps } = await buildTestApp(t)
  await addJob(deps.db, 'noop', { note: 'run me' })
  await startTestWorker(t, deps)
  await eventually(async () => (await pending(deps.db)) === 0)
  t.pass('job completed and left the queue')
})

t.test('no job is locked before the worker process is registered, not even a local queue batch', async (t) => {
  const { deps } = await buildTestApp(t)
  for (let i = 0; i < 5; i++) await addJob(deps.db, 'noop', { note: `job ${i}` })
  // The registration's insert waits behind this lock, as it would behind a slow database.
  const blocker = await deps.database.pool.connect()
  await blocker.query('begin')
  await blocker.query('lock table worker_process in access exclusive mode')
  const seen: { lockedBy: string; registered: boolean }[] = []
  const tasks = createTaskList(deps)
  const runner = await startWorker({
    database: deps.database, logger: deps.logger, concurrency: 4, pollInterval: 100,
    tasks: {
      ...tasks,
      noop: async (_payload, helpers) => {
        const { rows: [row] } = await deps.database.pool.query(`select j.locked_by, exists (select 1 from worker_process w
            where w.pool_id = j.locked_by) as registered from graphile_worker._private_jobs j where j.id = $1`, [helpers.job.id])
        seen.push({ lockedBy: row.locked_by, registered: row.registered })
      },
    },
  })
  t.teardown(() => runner.stop())
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const { rows: [held] } = await deps.database.pool.query('select count(*)::int as n from graphile_worker._private_jobs where locked_by is not null')
  t.equal(held.n, 0, 'while the registration waits, no job is locked')
  t.equal(seen.length, 0, 'and none runs')
  await blocker.query('commit')
  blocker.release()
  await eventually(async () => (await pending(deps.db)) === 0)
  t.equal(seen.length, 5, 'once registered, every job ran once')
  t.ok(seen.every((s) => s.registered), 'each locked by the registered process, which the reaper can free if it dies')
})
