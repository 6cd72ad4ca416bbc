import { sql } from 'drizzle-orm'
import t from 'tap'
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
