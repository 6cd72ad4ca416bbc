// Status callbacks in a burst, end to end over HTTP (src/dialer/progress-writes.ts, src/db/shared-transactions.ts):
// the `ringing` reports of calls rung at once go in one statement, their final statuses share a transaction and its
// COMMIT, and each call still ends exactly as it would alone; a replayed final status changes nothing. (That a failing
// item fails only its own caller: test/kit/batches.test.ts, test/db/shared-transactions.test.ts.)
import t from 'tap'
import { randomBytes } from 'node:crypto'
import twilio from 'twilio'
import { CallStatus } from '../../src/codes/call-status.js'
import { decryptSecret } from '../../src/kit/secrets.js'
import { startTestServer } from '../helpers/build.js'
import { recordStatements } from '../helpers/statements.js'
import { createProgressWrites } from '../../src/dialer/progress-writes.js'
import { createSharedTransactions } from '../../src/db/shared-transactions.js'

const data = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }

t.test('a burst of status callbacks', async (t) => {
  // No worker: nothing is dialled, and the test plays the carrier with signed callbacks.
  const server = await startTestServer(t, {}, { worker: false })
  const { deps } = server
  const pool = deps.database.pool
  // A long linger, so that what follows a first write surely waits for company, however slow the machine.
  deps.progressWrites = createProgressWrites(deps.db, 2000)
  deps.callEnds = createSharedTransactions(deps.db, 2000)
  const { rows: [gw] } = await pool.query('select account_sid, auth_token_encrypted from gateway where id = 1')
  const token = decryptSecret(deps.config.secretKey, gw.auth_token_encrypted)
  const post = async (path: string, params: Record<string, string>) => {
    const url = `${server.url}${path}`
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params) },
      body: new URLSearchParams(params),
    })
    return res.status
  }
  async function newCall(n: number) {
    const res = await server.call({
      method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
      payload: { phone_number: `+1555720${String(n).padStart(4, '0')}`, survey: 1, gateway: 1, callerid: '+15550000001', data },
    })
    if (res.statusCode !== 201) throw new Error(`callrequest: ${res.statusCode} ${res.body}`)
    const id = (res.json() as { id: number }).id
    const base = { CallSid: `CA${randomBytes(16).toString('hex')}`, AccountSid: gw.account_sid as string }
    return { id, status: (status: string) => post(`/twilio/status?call=${id}`, { ...base, CallStatus: status, CallDuration: '7' }) }
  }
  const calls = await Promise.all([1, 2, 3, 4, 5, 6].map(newCall))
  const statusOf = async (id: number) => (await pool.query('select callstatus from call where id = $1', [id])).rows[0].callstatus
  const sent = recordStatements(pool)
  const count = (texts: string[], pattern: RegExp) => texts.filter((s) => pattern.test(s)).length

  const [first, ...rest] = calls

  t.equal(await first!.status('ringing'), 204)
  t.equal(count(sent.take(), /ordinality/), 1, 'a first ringing report is written at once, alone')
  t.same(await Promise.all(rest.map((c) => c.status('ringing'))), rest.map(() => 204), 'the next ones accepted')
  t.equal(count(sent.take(), /ordinality/), 1, 'in one statement')
  for (const c of calls) t.equal(await statusOf(c.id), CallStatus.ringing, `call ${c.id} ringing`)

  t.equal(await first!.status('completed'), 204)
  t.equal(count(sent.take(), /^\s*commit/i), 1, 'a first final status is committed at once, alone')
  t.same(await Promise.all(rest.map((c) => c.status('completed'))), rest.map(() => 204), 'the next ones accepted')
  t.equal(count(sent.take(), /^\s*commit/i), 1, 'under one COMMIT')
  for (const c of calls) t.equal(await statusOf(c.id), CallStatus.completed, `call ${c.id} ended`)
  const endedAt = async () => (await pool.query('select ended_at from call where id = $1', [first!.id])).rows[0].ended_at
  const before = await endedAt()
  t.equal(await first!.status('completed'), 204, 'a replayed final status is accepted')
  t.same(await endedAt(), before, 'and changes nothing')
})
