// Transactions shared in a burst (src/db/shared-transactions.ts): the works of a batch run under one BEGIN and one
// COMMIT, in the order of their keys; a work that fails rolls the batch back, and each runs again alone, so only it
// fails and the others' writes are committed once.
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { recordStatements } from '../helpers/statements.js'
import { createSharedTransactions } from '../../src/db/shared-transactions.js'
import type { Tx } from '../../src/db/client.js'
import { sql } from 'drizzle-orm'

t.test('works of a burst share a transaction', async (t) => {
  const { deps } = await buildTestApp(t)
  const { db, pool } = deps.database
  await pool.query('create table shared_test (key int primary key, ran int not null default 1)')
  const sent = recordStatements(pool)
  const shared = createSharedTransactions(db, 0)
  const order: number[] = []
  const insert = (key: number) => async (tx: Tx) => {
    order.push(key)
    await tx.execute(sql`insert into shared_test (key) values (${key}) on conflict (key) do update set ran = shared_test.ran + 1`)
    return key * 10
  }

  t.same(await Promise.all([shared.run(3, insert(3)), shared.run(1, insert(1)), shared.run(2, insert(2))]), [30, 10, 20],
    'each caller gets its own work\'s result')
  t.same(order, [1, 2, 3], 'run in the order of their keys')
  const texts = sent.take()
  t.same(texts.map((s) => s.trim().split(/\s/)[0]!.toLowerCase()), ['begin', 'insert', 'insert', 'insert', 'commit'],
    'one BEGIN and one COMMIT for the three')

  t.test('one failing work fails only its own caller', async (t) => {
    const results = await Promise.allSettled([
      shared.run(4, insert(4)),
      shared.run(5, async (tx) => tx.execute(sql`insert into shared_test (key) values (null)`)),
      shared.run(6, insert(6)),
    ])
    t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled'])
    t.match((results[1] as PromiseRejectedResult).reason, { cause: { code: '23502' } }, 'with its own error')
    const { rows } = await pool.query('select key, ran from shared_test where key > 3 order by key')
    t.same(rows, [{ key: 4, ran: 1 }, { key: 6, ran: 1 }], 'the others committed once: the batch\'s writes were rolled back')
  })
})
