// A transaction's BEGIN rides with its first statement (src/db/begin-with-first.ts). These tests count what goes on
// the wire — every Sync and every simple Query message is one wait for PostgreSQL's answer — and show that the work
// still runs inside its transaction, whatever BEGIN or the statement does.
import t from 'tap'
import { sql } from 'drizzle-orm'
import type pg from 'pg'
import { createTestDatabase } from '../helpers/database.js'

interface Wire { sync(): void; query(text: string): void }
const txStatus = (client: pg.PoolClient) => (client as unknown as { getTransactionStatus(): string }).getTransactionStatus()

t.test('BEGIN with the first statement', async (t) => {
  // One connection, so that every step below runs on the one whose wire is counted.
  const database = await createTestDatabase(t, 1)
  const { db, pool } = database
  await db.execute(sql`create table bwf (id int primary key, note text)`)

  let waits = 0
  const counted = new WeakSet<object>()
  pool.on('acquire', (client: pg.PoolClient) => {
    const wire = (client as unknown as { connection: Wire }).connection
    if (counted.has(wire)) return
    counted.add(wire)
    const sync = wire.sync.bind(wire)
    const query = wire.query.bind(wire)
    wire.sync = () => { waits++; sync() }
    wire.query = (text: string) => { waits++; query(text) }
  })
  const countWaits = async <T>(work: () => Promise<T>) => {
    const before = waits
    const result = await work()
    return { result, waits: waits - before }
  }
  const readTx = sql`select txid_current()::text as tx, now() = transaction_timestamp() as same from bwf where id = ${0} or true limit 1`
  await db.execute(sql`insert into bwf values (0, 'seed')`)

  t.test('a transaction of three statements waits four times: BEGIN goes with the first', async (t) => {
    const { result, waits: n } = await countWaits(() => db.transaction(async (tx) => {
      const first = (await tx.execute(readTx)).rows[0] as { tx: string }
      await tx.execute(sql`insert into bwf values (${1}, ${'in'})`)
      const second = (await tx.execute(readTx)).rows[0] as { tx: string }
      return { first: first.tx, second: second.tx }
    }))
    t.equal(n, 4, 'the read, the insert, the read again, COMMIT')
    t.equal(result.first, result.second, 'both statements in one transaction')
  })

  t.test('a rollback undoes the statement that carried the BEGIN', async (t) => {
    await t.rejects(db.transaction(async (tx) => {
      await tx.execute(sql`insert into bwf values (${2}, ${'undone'})`)
      throw new Error('changed my mind')
    }), /changed my mind/)
    t.same((await db.execute(sql`select id from bwf where id = 2`)).rows, [])
  })

  t.test('a failing first statement fails its transaction, and the connection is fine after', async (t) => {
    await t.rejects(db.transaction(async (tx) => {
      await tx.execute(sql`insert into bwf values (${0}, ${'duplicate'})`)
    }), { cause: { code: '23505' } }, 'unique_violation')
    t.same((await db.execute(sql`select note from bwf where id = ${0}`)).rows, [{ note: 'seed' }])
    const client = await pool.connect()
    t.equal(txStatus(client), 'I', 'no transaction left open')
    client.release()
  })

  t.test('a BEGIN that fails: the statement behind it does not run, and says why', async (t) => {
    const client = await pool.connect()
    try {
      await client.query('begin isolation level sideways')
      await t.rejects(client.query('insert into bwf values ($1, $2)', [3, 'outside']), /syntax error/)
      await client.query('rollback').catch(() => {})
    } finally {
      client.release()
    }
    t.same((await db.execute(sql`select id from bwf where id = 3`)).rows, [], 'nothing ran outside a transaction')
  })

  t.test('a statement without values (a simple Query message) waits for a BEGIN of its own', async (t) => {
    const { result, waits: n } = await countWaits(() => db.transaction(async (tx) => {
      const first = (await tx.execute(sql`select txid_current()::text as tx`)).rows[0] as { tx: string }
      const second = (await tx.execute(sql`select txid_current()::text as tx`)).rows[0] as { tx: string }
      return first.tx === second.tx
    }))
    t.equal(n, 4, 'BEGIN, the two reads, COMMIT')
    t.ok(result, 'in one transaction')
  })

  t.test('a named statement this connection has not parsed yet waits for a BEGIN of its own, then carries it', async (t) => {
    const named = { name: 'bwf_named', text: 'select txid_current()::text as tx, $1::int as n' }
    const run = () => countWaits(async () => {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const first = await client.query(named, [1])
        const second = await client.query(named, [2])
        await client.query('commit')
        return first.rows[0].tx === second.rows[0].tx
      } finally {
        client.release()
      }
    })
    const cold = await run()
    t.equal(cold.waits, 4, 'BEGIN, the statement parsed, the statement, COMMIT')
    t.ok(cold.result)
    const warm = await run()
    t.equal(warm.waits, 3, 'parsed: BEGIN rides with it')
    t.ok(warm.result)
  })

  t.test('a transaction with no statement sends nothing', async (t) => {
    const { waits: n } = await countWaits(() => db.transaction(async () => undefined))
    t.equal(n, 0)
    const rolledBack = await countWaits(() => db.transaction(async () => {
      throw new Error('nothing done')
    }).catch(() => 'caught'))
    t.equal(rolledBack.waits, 0)
  })

  t.test('a BEGIN never sent is forgotten when its connection goes back to the pool', async (t) => {
    const client = await pool.connect()
    await client.query('begin')
    client.release()
    await db.execute(sql`insert into bwf values (${4}, ${'autocommit'})`)
    const next = await pool.connect()
    try {
      t.equal(txStatus(next), 'I', 'the next user is not inside a transaction')
    } finally {
      next.release()
    }
    t.same((await db.execute(sql`select note from bwf where id = ${4}`)).rows, [{ note: 'autocommit' }])
  })
})
