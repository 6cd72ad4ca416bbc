// The carrier's SIDs of placed calls (src/dialer/sid-writes.ts): one at a time, each is written at once; those that
// come within the linger of the last write go together in one statement; one the statement cannot take (a SID another
// call holds) fails only its own caller; a call that has a SID keeps it.
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { recordStatements } from '../helpers/statements.js'
import { createSidWrites } from '../../src/dialer/sid-writes.js'

t.test('SIDs written alone, then together', async (t) => {
  const { deps } = await buildTestApp(t)
  const { db, pool } = deps.database
  const newCall = async (): Promise<number> => (await pool.query(`insert into call (organization_id, user_id, gateway_id, sealed_survey_id,
    from_number, to_number) values (1, 1, 1, 1, '+15550000001', '+15551230000') returning id`)).rows[0].id
  const sidOf = async (id: number) => (await pool.query('select provider_sid from call where id = $1', [id])).rows[0].provider_sid
  const sent = recordStatements(pool)
  const writes = (text: string[]) => text.filter((s) => s.includes('unnest')).length
  const sids = createSidWrites(db, 2000)
  const [a, b, c, held] = [await newCall(), await newCall(), await newCall(), await newCall()]
  await pool.query(`update call set provider_sid = 'CA-held' where id = $1`, [held])
  sent.take()

  await sids.record(a, 'CA-a')
  t.equal(await sidOf(a), 'CA-a', 'the first SID, with no write before it, is written at once')
  t.equal(writes(sent.take()), 1, 'in one statement')

  // Within the linger of that write, the next waits for company, and those that come meanwhile go with it.
  const first = sids.record(b, 'CA-b')
  await new Promise((r) => setTimeout(r, 100))
  t.equal(await sidOf(b), null, 'a SID right after a write waits')
  await Promise.all([first, sids.record(c, 'CA-c'), sids.record(held, 'CA-other')])
  t.same([await sidOf(b), await sidOf(c), await sidOf(held)], ['CA-b', 'CA-c', 'CA-held'], 'written together; a call that had a SID keeps it')
  t.equal(writes(sent.take()), 1, 'three SIDs in one statement')

  t.test('a SID another call holds fails only its own caller', async (t) => {
    const eager = createSidWrites(db, 0)
    const [g, h] = [await newCall(), await newCall()]
    sent.take()
    const results = await Promise.allSettled([eager.record(g, 'CA-g'), eager.record(h, 'CA-held')])
    t.equal(results[0]!.status, 'fulfilled', 'the good one is written')
    t.equal(await sidOf(g), 'CA-g')
    t.equal(results[1]!.status, 'rejected', 'the one naming a SID another call holds is refused')
    t.match((results[1] as PromiseRejectedResult).reason.cause, { constraint: 'call_provider_sid_unique' }, 'by the unique SID')
    t.equal(await sidOf(h), null, 'and writes nothing')
  })
})
