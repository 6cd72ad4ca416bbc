// The pool keeps WARM_CONNECTIONS open through a quiet spell (src/db/client.ts): the next statement after one finds a
// connection with its backend started and its named statements prepared, instead of opening a new one.
import t from 'tap'
import { WARM_CONNECTIONS } from '../../src/db/client.js'
import { createTestDatabase } from '../helpers/database.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('idle connections beyond the warm ones close; the warm ones stay, with what they prepared', async (t) => {
  const { pool } = await createTestDatabase(t, 6)
  // pg-pool reads the idle timeout as each connection goes idle: shortened here so the test need not wait 10 s.
  pool.options.idleTimeoutMillis = 50
  const held = await Promise.all(Array.from({ length: 5 }, () => pool.connect()))
  const backends = new Set<number>()
  for (const client of held) {
    backends.add((await client.query('select pg_backend_pid() as pid')).rows[0].pid)
    await client.query({ name: 'warm_probe', text: 'select $1::int as n', values: [1] })
  }
  t.equal(backends.size, 5, 'five connections were open at once')
  for (const client of held) client.release()

  await sleep(300)
  t.equal(pool.totalCount, WARM_CONNECTIONS, 'past the idle timeout, the warm ones are left')
  t.equal(pool.idleCount, WARM_CONNECTIONS)

  const client = await pool.connect()
  try {
    const { rows: [again] } = await client.query('select pg_backend_pid() as pid')
    t.ok(backends.has(again.pid), 'the next statement runs on a backend already started')
    const { rows } = await client.query("select name from pg_prepared_statements where name = 'warm_probe'")
    t.equal(rows.length, 1, 'with its named statement still prepared')
  } finally {
    client.release()
  }
})
