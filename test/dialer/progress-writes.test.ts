// Progress reports (src/dialer/progress-writes.ts): reports of a burst go in one statement, and each caller learns what
// its own report did — moved (with the SID it adopts), unchanged (the call is past it), refused for a gateway changed
// since it was read or a SID not free — as the report alone would; two reports of one call are both applied, in order.
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { recordStatements } from '../helpers/statements.js'
import { ADVANCE, createProgressWrites } from '../../src/dialer/progress-writes.js'
import { CallStatus } from '../../src/codes/call-status.js'

t.test('progress reports, alone and together', async (t) => {
  const { deps } = await buildTestApp(t)
  const { db, pool } = deps.database
  const newCall = async (callstatus: number = CallStatus.queued): Promise<number> => (await pool.query(`insert into call (organization_id,
    user_id, gateway_id, sealed_survey_id, from_number, to_number, callstatus) values (1, 1, 1, 1, '+15550000001', '+15551230000', $1)
    returning id`, [callstatus])).rows[0].id
  const rowOf = async (id: number) => (await pool.query('select callstatus, status, provider_sid, answered_at from call where id = $1', [id])).rows[0]
  const { rows: [gw] } = await pool.query('select id, updated_date from gateway where id = 1')
  const gateway = { id: gw.id, updatedDate: gw.updated_date } as never
  const stale = { id: gw.id, updatedDate: new Date(gw.updated_date.getTime() - 60_000) } as never
  const sent = recordStatements(pool)
  const statements = () => sent.take().filter((s) => s.includes('ordinality')).length

  const lingering = createProgressWrites(db, 2000)
  const first = await newCall()
  sent.take()
  t.equal(await lingering.advance(first, { status: 'ringing' }, gateway, 'CA-first'), ADVANCE.moved, 'the first report is written at once')
  t.match(await rowOf(first), { callstatus: CallStatus.ringing, status: 'ringing', provider_sid: 'CA-first' }, 'with the SID it adopts')
  t.equal(statements(), 1)

  const eager = createProgressWrites(db, 0)
  const [moves, past, changed, held, twice] = [await newCall(), await newCall(CallStatus.inProgress), await newCall(), await newCall(), await newCall()]
  sent.take()
  const results = await Promise.all([
    eager.advance(moves, { status: 'ringing', answeredBy: 'human' }, gateway, 'CA-moves'),
    eager.advance(past, { status: 'ringing' }, gateway),
    eager.advance(changed, { status: 'ringing' }, stale),
    eager.advance(held, { status: 'ringing' }, gateway, 'CA-first'),
    eager.advance(twice, { status: 'ringing' }, gateway, 'CA-twice'),
    eager.advance(twice, { status: 'in-progress' }, gateway, 'CA-twice'),
  ])
  t.same(results, [ADVANCE.moved, ADVANCE.unchanged, ADVANCE.gatewayChanged, ADVANCE.sidNotFree, ADVANCE.moved, ADVANCE.moved],
    'each report learns what it did')
  t.equal(statements(), 2, 'in one statement for the distinct calls, and one for the second report of a call')
  t.match(await rowOf(moves), { callstatus: CallStatus.ringing, provider_sid: 'CA-moves' })
  t.match(await rowOf(past), { callstatus: CallStatus.inProgress }, 'a call past the report stays where it is')
  t.match(await rowOf(changed), { callstatus: CallStatus.queued }, 'nothing written for a gateway changed since it was read')
  t.match(await rowOf(held), { callstatus: CallStatus.queued, provider_sid: null }, 'nor for a SID another call holds')
  const both = await rowOf(twice)
  t.match(both, { callstatus: CallStatus.inProgress, status: 'in-progress', provider_sid: 'CA-twice' }, 'a call reported twice ends at the later status')
  t.ok(both.answered_at instanceof Date, 'answered when in progress')
  t.throws(() => eager.advance(moves, { status: 'completed' }, gateway), /not a progress status/, 'a final status is not progress')
})
