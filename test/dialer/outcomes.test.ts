// The dialer reports a call's end to its listener (src/dialer/outcomes.ts) inside the transaction that records it, so
// the end and what it means commit together: a listener that fails leaves the call as it was.
import { eq } from 'drizzle-orm'
import t from 'tap'
import { CallStatus } from '../../src/codes/call-status.js'
import { call, type Call } from '../../src/db/schema/index.js'
import { endCall, failCall } from '../../src/dialer/call-transitions.js'
import type { DialerOutcomes } from '../../src/dialer/outcomes.js'
import { buildTestApp } from '../helpers/build.js'

t.test('a call end reaches the listener in its own transaction, once', async (t) => {
  const { deps } = await buildTestApp(t)
  const { db, pool } = deps.database
  const newCall = async (): Promise<Call> => {
    const { rows: [{ id }] } = await pool.query(`insert into call (organization_id, user_id, gateway_id, sealed_survey_id, from_number, to_number)
      values (1, 1, 1, 1, '+15550000001', '+15551230000') returning id`)
    const [row] = await db.select().from(call).where(eq(call.id, id))
    return row!
  }
  const locked = (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], id: number) =>
    tx.select().from(call).where(eq(call.id, id)).for('update').then((rows) => rows[0]!)

  const heard: { id: number; callstatus: number }[] = []
  const listening: DialerOutcomes = {
    async callEnded(_tx, ended) { heard.push({ id: ended.id, callstatus: ended.callstatus }) },
    async answered() {},
    async smsEnded() {},
    async smsReplied() { return null },
  }

  const c = await newCall()
  await db.transaction(async (tx) => endCall(tx, { outcomes: listening }, await locked(tx, c.id), { status: 'ringing' }))
  t.same(heard, [], 'progress is not an end')
  await db.transaction(async (tx) => endCall(tx, { outcomes: listening }, await locked(tx, c.id), { status: 'completed', duration: 12 }))
  t.same(heard, [{ id: c.id, callstatus: CallStatus.completed }], 'the final status is reported with the updated row')
  await db.transaction(async (tx) => endCall(tx, { outcomes: listening }, await locked(tx, c.id), { status: 'completed', duration: 12 }))
  t.equal(heard.length, 1, 'a replayed final callback reports nothing again')

  const failing: DialerOutcomes = {
    async callEnded() { throw new Error('the listener failed') },
    async answered() {},
    async smsEnded() {},
    async smsReplied() { return null },
  }
  const d = await newCall()
  await t.rejects(db.transaction(async (tx) => failCall(tx, { outcomes: failing }, await locked(tx, d.id), 'refused')), /the listener failed/)
  const [after] = await db.select().from(call).where(eq(call.id, d.id))
  t.equal(after!.callstatus, CallStatus.queued, 'the call did not end without its listener')
  t.equal(after!.endedAt, null)
})
