// The dialling line (src/dialer/dial-line.ts) on a real database: who waits behind whom, who is woken.
import t from 'tap'
import { addJob, removeJob } from '../../src/queue/queue.js'
import { jobKeyFor } from '../../src/queue/tasks.js'
import { placeInLine, wakeAfterCallEnded } from '../../src/dialer/dial-line.js'
import { claimDialSlot } from '../../src/dialer/limits.js'
import { buildTestApp } from '../helpers/build.js'

t.test('the dialling line', async (t) => {
  const { deps } = await buildTestApp(t)
  const { db, pool } = deps.database
  const gw = { id: 1, maxConcurrent: 0, maxCps: 1000 }

  /** A call not dialled yet; `waiting`: with its dial-call job, due in a minute (as a call deferred by a limit). */
  async function newCall(calendarId: number | null, waiting = true) {
    const { rows: [row] } = await pool.query(`insert into call (organization_id, user_id, gateway_id, sealed_survey_id, calendar_id, from_number, to_number)
      values (1, 1, 1, 1, $1, '+15550000001', '+15551230000') returning id, gateway_id as "gatewayId", calendar_id as "calendarId"`, [calendarId])
    if (waiting) await addJob(db, 'dial-call', { callId: row.id }, { runAt: new Date(Date.now() + 60_000) })
    return row as { id: number; gatewayId: number; calendarId: number | null }
  }
  const runAt = async (callId: number) =>
    (await pool.query(`select run_at from graphile_worker.jobs where key = $1`, [`dial-call:${callId}`])).rows[0]?.run_at as Date | undefined

  const first = await newCall(7)
  const second = await newCall(7)
  const later = await newCall(7, false)
  const request = await newCall(null, false)

  t.same(await placeInLine(db, first), { ahead: false, next: second.id }, 'the first in line has the second behind it')
  t.same(await placeInLine(db, later), { ahead: true, next: null }, 'a newer call of the line is behind both')
  t.same(await placeInLine(db, request), { ahead: false, next: null }, 'another line (a call request, no calendar) is not held up')
  t.match(await claimDialSlot(db, later, gw, null), { ok: false, limit: 'line' }, 'so the newer call waits for its turn')
  t.match(await claimDialSlot(db, first, gw, null), { ok: true, next: second.id }, 'the first one may go')

  t.test('a call that ends wakes the first waiting call of its line', async (t) => {
    t.ok((await runAt(second.id))!.getTime() > Date.now() + 30_000, 'the second one sleeps until its fallback')
    await wakeAfterCallEnded(db, { gatewayId: 1, calendarId: 7 })
    t.ok((await runAt(first.id))!.getTime() <= Date.now() + 1000, 'woken: the first waiting call')
  })

  t.test('a waiting call without a live job holds nobody up', async (t) => {
    await removeJob(db, 'dial-call', first.id)
    t.same(await placeInLine(db, second), { ahead: false, next: null })
    await pool.query(`update graphile_worker._private_jobs set attempts = max_attempts where key = $1`, [jobKeyFor('dial-call', second.id)])
    t.same(await placeInLine(db, later), { ahead: false, next: null }, 'nor does one whose job failed for good')
  })
})
