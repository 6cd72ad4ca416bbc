import t from 'tap'
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import twilio from 'twilio'
import type pg from 'pg'
import { call, gateway, type Call } from '../../src/db/schema/index.js'
import { providerGateway } from '../../src/dialer/call-rows.js'
import { createIvrSessions, type VoiceRequest } from '../../src/dialer/ivr-session.js'
import { ALARM_RESULT } from '../../src/codes/alarm-result.js'
import { CallStatus } from '../../src/codes/call-status.js'
import { decryptSecret, encryptSecret } from '../../src/kit/secrets.js'
import { startTestServer } from '../helpers/build.js'

// The IVR webhook's fast path (src/dialer/ivr-session.ts tryStepUnlocked: a step computed from a row read without a
// lock, written in one statement guarded by the seq read and an open call) and its fallback to the locked step
// (runStep, through runSignedStep in src/dialer/call-callbacks.ts). The test plays the carrier itself, with signed
// webhooks over real HTTP and no job worker, so no call is dialled and nothing but the test moves a call's row: each
// interleaving below happens exactly when the test makes it happen.

const data = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }
const press = (digits: string, seq: number): VoiceRequest => ({ kind: 'input', seq, input: { type: 'digits', digits } })

t.test('the IVR step fast path and its fallback to the locked step', async (t) => {
  const server = await startTestServer(t, {}, { worker: false })
  const { deps } = server
  const pool = deps.database.pool
  // Constructed as the webhook routes construct theirs (src/routes/twilio/call-webhooks.ts).
  const sessions = createIvrSessions(deps)
  const { rows: [gw] } = await pool.query('select account_sid, auth_token_encrypted from gateway where id = 1')
  const token = decryptSecret(deps.config.secretKey, gw.auth_token_encrypted)

  /** A callback signed as the carrier signs it, with the gateway's token (or `signedWith`). */
  const post = async (path: string, params: Record<string, string>, signedWith = token) => {
    const url = `${server.url}${path}`
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(signedWith, url, params) },
      body: new URLSearchParams(params),
    })
    return { status: res.status, body: await res.text() }
  }
  const readRow = async (id: number): Promise<Call> => (await deps.db.select().from(call).where(eq(call.id, id)))[0]!
  const currentGateway = async () => providerGateway((await deps.db.select().from(gateway).where(eq(gateway.id, 1)))[0]!)
  const answers = async (id: number) =>
    (await pool.query('select node_id, response from survey_result where call_id = $1 order by id', [id])).rows
  const presses = (row: Call) => row.transcript.filter((e) => e.kind === 'press').map((e) => e.text)

  /**
   * A call to `to` (sealed survey 1, the reminder, unless `survey` says otherwise), answered: the voice webhook has run,
   * so the call waits at its first question (seq 1).
   */
  async function answeredCall(to: string, survey = 1) {
    const res = await server.call({
      method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
      payload: { phone_number: to, survey, gateway: 1, callerid: '+15550000001', data, phonenumber_transfer: '+15550000099' },
    })
    if (res.statusCode !== 201) throw new Error(`callrequest: ${res.statusCode} ${res.body}`)
    const id = (res.json() as { id: number }).id
    const base = { CallSid: `CA${randomBytes(16).toString('hex')}`, AccountSid: gw.account_sid as string }
    const voice = await post(`/twilio/voice?call=${id}`, { ...base, CallStatus: 'in-progress' })
    if (voice.status !== 200 || !voice.body.includes('<Gather')) throw new Error(`voice: ${voice.status} ${voice.body}`)
    const row = await readRow(id)
    if (row.seq !== 1 || row.callstatus !== CallStatus.inProgress || row.ivrState === null) throw new Error(`not at the question: ${JSON.stringify(row)}`)
    return {
      id, row,
      gather: (seq: number, digits: string) => post(`/twilio/gather?call=${id}&seq=${seq}`, { ...base, Digits: digits }),
      recording: (seq: number, url: string) =>
        post(`/twilio/recording?call=${id}&seq=${seq}`, { ...base, RecordingUrl: url, RecordingDuration: '4' }),
      status: (status: string) => post(`/twilio/status?call=${id}`, { ...base, CallStatus: status, CallDuration: '7' }),
    }
  }

  t.test('a keypress on a call in progress is written by the fast path: seq + 1, its answer once', async (t) => {
    const { id, row } = await answeredCall('+15557100001')
    const stepped = await sessions.tryStepUnlocked(deps.db, row, await currentGateway(), press('1', 1))
    const twiml = stepped?.twiml
    t.type(twiml, 'string', 'the fast path took the step')
    t.match(twiml, /Your appointment is confirmed/)
    t.match(twiml, /<Hangup\/>/)
    const after = await readRow(id)
    t.match(after, { seq: 2, lastTwiml: twiml, result: ALARM_RESULT.confirmed, callstatus: CallStatus.inProgress })
    t.match(stepped?.row, { id, seq: 2, lastTwiml: twiml, ivrState: after.ivrState }, 'and says what a next step reads of the row now')
    t.not(JSON.stringify(after.ivrState), JSON.stringify(row.ivrState), 'the session state moved on')
    t.same(await answers(id), [{ node_id: 'ask', response: '1' }])
    t.same(presses(after), ['1'], 'the step is in the transcript once')
  })

  t.test('a row that moved since it was read: null and nothing written; the locked step repeats the last TwiML', async (t) => {
    const { id, row: stale, gather } = await answeredCall('+15557100002')
    // Another request took the step at seq 1 in between (an invalid key: the question again, now at seq 2).
    const moving = await gather(1, '7')
    t.equal(moving.status, 200)
    t.match(moving.body, /not one of the choices/)
    const moved = await readRow(id)
    t.equal(moved.seq, 2)

    t.equal(await sessions.tryStepUnlocked(deps.db, stale, await currentGateway(), press('1', 1)), null, 'the guarded write matched no row')
    t.same(await readRow(id), moved, 'the row is as the other step left it (seq, ivr_state, last_twiml, transcript)')
    t.same(await answers(id), [], 'no answer was written')

    // The locked step, on the row as it is now, sees a repeat of seq 1 and answers with the TwiML last sent.
    const locked = await deps.db.transaction(async (tx) => {
      const [current] = await tx.select().from(call).where(eq(call.id, id)).for('update')
      return sessions.runStep(tx, current!, press('1', 1))
    })
    t.equal(locked, moved.lastTwiml, 'runStep: a repeat gets last_twiml')
    const retried = await gather(1, '1')
    t.equal(retried.status, 200)
    t.equal(retried.body, moved.lastTwiml, 'the webhook (runSignedStep) answers the same')
    t.same(await readRow(id), moved, 'and neither wrote anything')
    t.same(await answers(id), [])

    // The key pressed at the question as it now stands is taken.
    const answered = await gather(2, '1')
    t.match(answered.body, /Your appointment is confirmed/)
    t.match(await readRow(id), { seq: 3, result: ALARM_RESULT.confirmed, lastTwiml: answered.body })
    t.same(await answers(id), [{ node_id: 'ask', response: '1' }])
  })

  t.test('a call that ended since its row was read: null and nothing written; the locked step applies it late', async (t) => {
    const { id, row: inProgress, gather, status } = await answeredCall('+15557100003')
    t.equal((await status('completed')).status, 204, 'the final status came between the read and the write')
    const ended = await readRow(id)
    t.match(ended, { seq: 1, callstatus: CallStatus.completed })

    t.equal(await sessions.tryStepUnlocked(deps.db, inProgress, await currentGateway(), press('1', 1)), null, 'the guard refuses an ended call')
    t.same(await readRow(id), ended, 'nothing was written')
    t.same(await answers(id), [])
    t.equal(await sessions.tryStepUnlocked(deps.db, ended, await currentGateway(), press('1', 1)), null, 'nor is an ended call read as such stepped')
    t.same(await readRow(id), ended)

    // Under the lock the step is the call's last action: its answer is kept, the call stays completed.
    const late = await gather(1, '1')
    t.equal(late.status, 200)
    t.match(late.body, /Your appointment is confirmed/)
    t.match(await readRow(id), { seq: 2, callstatus: CallStatus.completed, result: ALARM_RESULT.confirmed, lastTwiml: late.body })
    t.same(await answers(id), [{ node_id: 'ask', response: '1' }])
  })

  t.test('an opt-out (9) is not the fast path\'s: null and nothing written; the locked step writes do_not_contact', async (t) => {
    const to = '+15557100004'
    const { id, row, gather } = await answeredCall(to)
    const optedOut = async () =>
      (await pool.query('select organization_id, source from do_not_contact where phone_number = $1', [to])).rows

    t.equal(await sessions.tryStepUnlocked(deps.db, row, await currentGateway(), press('9', 1)), null)
    t.same(await readRow(id), row, 'the row is untouched')
    t.same(await answers(id), [])
    t.same(await optedOut(), [], 'no opt-out was written')

    const res = await gather(1, '9')
    t.equal(res.status, 200)
    t.match(res.body, /You will not receive any more calls or messages from Mitte Clinic/)
    t.match(await readRow(id), { seq: 2, lastTwiml: res.body })
    t.same(await answers(id), [{ node_id: 'ask', response: '9' }, { node_id: 'opt-out', response: 'dnc' }])
    t.same(await optedOut(), [{ organization_id: 1, source: 'ivr' }], 'the number is on the do-not-contact list once')
  })

  t.test('a step that sends a text is not the fast path\'s: null and nothing written; the locked step queues the text', async (t) => {
    // The built-in every-node survey texts the callee after their message: menu 1, a rating, an age, then the recording.
    const { rows: [survey] } = await pool.query(`select id from sealed_survey where template_key = 'every-node'`)
    const { id, gather, recording } = await answeredCall('+15557100005', survey.id)
    t.match((await gather(1, '1')).body, /how was your last visit/)
    t.match((await gather(2, '4')).body, /enter your age/)
    t.match((await gather(3, '42')).body, /leave a short message/)
    const before = await readRow(id)
    t.equal(before.seq, 4)
    const texts = async () => (await pool.query('select body from sms_message where call_id = $1', [id])).rows
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1'

    const message: VoiceRequest = { kind: 'input', seq: 4, input: { type: 'recording', url, duration: 4 } }
    t.equal(await sessions.tryStepUnlocked(deps.db, before, await currentGateway(), message), null)
    t.same(await readRow(id), before, 'the row is untouched')
    t.same((await answers(id)).map((a) => a.node_id), ['menu', 'rate', 'age'], 'the recording is not stored')
    t.same(await texts(), [], 'no text was queued')

    const res = await recording(4, url)
    t.equal(res.status, 200)
    t.match(res.body, /We have sent you a text message/)
    t.match(await readRow(id), { seq: 5, lastTwiml: res.body })
    t.match(await answers(id), [{ node_id: 'menu' }, { node_id: 'rate' }, { node_id: 'age' }, { node_id: 'message', response: '' }, { node_id: 'text', response: 'sms' }])
    t.same(await texts(), [{ body: 'Thanks Ada! Your answers were recorded. Questions? Call +15550000099.' }], 'one text is queued')
  })

  t.test('two identical gather callbacks racing (a Twilio retry): one answer, one step, the same TwiML', async (t) => {
    // A few calls, so that the two requests interleave in more than one way; the outcome must not depend on it.
    for (let n = 1; n <= 4; n++) {
      const { id, row, gather } = await answeredCall(`+1555710010${n}`)
      const [first, second] = await Promise.all([gather(1, '1'), gather(1, '1')])
      t.equal(first.status, 200)
      t.equal(second.status, 200)
      t.match(first.body, /Your appointment is confirmed/)
      t.equal(second.body, first.body, `call ${n}: both requests got the same TwiML`)
      const after = await readRow(id)
      t.match(after, { seq: row.seq + 1, lastTwiml: first.body, result: ALARM_RESULT.confirmed }, `call ${n}: one step`)
      t.same(await answers(id), [{ node_id: 'ask', response: '1' }], `call ${n}: one answer`)
      t.same(presses(after), ['1'], `call ${n}: the step is in the transcript once`)
      t.equal(after.transcript.length, row.transcript.length + stepLength(first.body), `call ${n}: and only once`)
    }
  })

  // The row a callback leaves is kept (src/dialer/call-rows.ts): the call's next callback is one guarded statement.
  /**
   * The statements sent while `work` runs: through the pool itself (the unlocked path, without a transaction) and
   * through the connections it lends (transactions).
   */
  async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
    const sent: string[] = []
    const counted = <F extends (...args: never[]) => unknown>(query: F) => ((config: string | { text: string }, ...rest: unknown[]) => {
      sent.push(typeof config === 'string' ? config : config.text)
      return (query as unknown as (...args: unknown[]) => unknown)(config, ...rest)
    }) as unknown as F
    const query = pool.query.bind(pool)
    const connect = pool.connect.bind(pool)
    pool.query = counted(query)
    const lent: { client: pg.PoolClient; query: pg.PoolClient['query'] }[] = []
    // A transaction borrows a connection (the promise form); pool.query borrows one too, with a callback: not counted twice.
    pool.connect = ((...args: unknown[]) => {
      if (args.length > 0) return (connect as (...a: unknown[]) => unknown)(...args)
      return connect().then((client) => {
        lent.push({ client, query: client.query })
        client.query = counted(client.query.bind(client))
        return client
      })
    }) as typeof pool.connect
    try {
      return { result: await work(), sent }
    } finally {
      pool.query = query
      pool.connect = connect
      for (const { client, query } of lent) client.query = query
    }
  }

  t.test('a keypress on a call whose row this process kept: one statement, no read', async (t) => {
    const { id, gather } = await answeredCall('+15557100201')
    t.ok(deps.callRows.get(id), 'the voice webhook kept the row it wrote')
    const { result: res, sent } = await statementsOf(() => gather(1, '1'))
    t.match(res.body, /Your appointment is confirmed/)
    t.equal(sent.length, 1, 'one statement')
    t.match(sent[0], /^with stepped as \(update "call"/, 'the guarded step')
    t.match(await readRow(id), { seq: 2, result: ALARM_RESULT.confirmed, lastTwiml: res.body })
    t.same(await answers(id), [{ node_id: 'ask', response: '1' }])
    t.equal((await gather(1, '1')).body, res.body, 'a replay still gets the TwiML the step sent')
  })

  t.test('a kept row that is out of date (another process took a step): the step is taken on the row as it is', async (t) => {
    const { id, gather } = await answeredCall('+15557100202')
    const kept = deps.callRows.get(id)!.call
    // Another process takes the step at seq 1 (an invalid key: the question again, at seq 2); this one does not see it.
    const elsewhere = await deps.db.transaction(async (tx) => {
      const [current] = await tx.select().from(call).where(eq(call.id, id)).for('update')
      return sessions.runStep(tx, current!, press('7', 1))
    })
    t.match(elsewhere, /not one of the choices/)
    t.equal(deps.callRows.get(id)!.call.seq, kept.seq, 'this process still keeps seq 1')

    const replay = await gather(1, '7')
    t.equal(replay.body, elsewhere, 'a replay of seq 1 gets the TwiML the other process sent, not a second step')
    t.match(await readRow(id), { seq: 2, lastTwiml: elsewhere })
    const res = await gather(2, '1')
    t.match(res.body, /Your appointment is confirmed/, 'the key pressed at the question as it now stands is taken')
    t.match(await readRow(id), { seq: 3, result: ALARM_RESULT.confirmed, lastTwiml: res.body })
    t.same(await answers(id), [{ node_id: 'ask', response: '1' }])
  })

  t.test('a kept row whose gateway has a new token: signed with the new token, taken; with the old one, refused', async (t) => {
    const { id } = await answeredCall('+15557100203')
    // A second call, kept by its ringing callback, for the progress statuses.
    const res = await server.call({
      method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
      payload: { phone_number: '+15557100213', survey: 1, gateway: 1, callerid: '+15550000001', data },
    })
    const ringing = (res.json() as { id: number }).id
    const ringingSid = `CA${randomBytes(16).toString('hex')}`
    t.equal((await post(`/twilio/status?call=${ringing}`, { CallSid: ringingSid, AccountSid: gw.account_sid, CallStatus: 'ringing' })).status, 204)
    t.ok(deps.callRows.get(ringing), 'the ringing callback kept the row it read')
    const direct = await currentGateway()
    t.equal(await sessions.tryStepUnlocked(deps.db, (await readRow(id)), { ...direct, updatedDate: new Date(direct.updatedDate.getTime() - 1) }, press('1', 1)),
      null, 'a step on a gateway read before its last change is not written')
    t.match(await readRow(id), { seq: 1 })

    const newToken = 'f'.repeat(32)
    await pool.query('update gateway set auth_token_encrypted = $1, updated_date = now() where id = 1', [encryptSecret(deps.config.secretKey, newToken)])
    t.teardown(() => pool.query('update gateway set auth_token_encrypted = $1, updated_date = now() where id = 1',
      [encryptSecret(deps.config.secretKey, token)]))
    const sid = deps.callRows.get(id)!.call.providerSid!
    const params = { CallSid: sid, AccountSid: gw.account_sid as string, Digits: '1' }
    const old = await post(`/twilio/gather?call=${id}&seq=1`, params, token)
    t.equal(old.status, 403, 'the old token no longer signs for the gateway')
    t.match(await readRow(id), { seq: 1 }, 'nothing was written')
    const now = await post(`/twilio/gather?call=${id}&seq=1`, params, newToken)
    t.equal(now.status, 200)
    t.match(now.body, /Your appointment is confirmed/)
    t.match(await readRow(id), { seq: 2, result: ALARM_RESULT.confirmed })

    const progress = { CallSid: ringingSid, AccountSid: gw.account_sid as string, CallStatus: 'in-progress' }
    t.equal((await post(`/twilio/status?call=${ringing}`, progress, token)).status, 403, 'a progress status signed with the old token: refused')
    t.match(await readRow(ringing), { callstatus: CallStatus.ringing }, 'and not recorded')
    t.equal((await post(`/twilio/status?call=${ringing}`, progress, newToken)).status, 204, 'with the new one: recorded')
    t.match(await readRow(ringing), { callstatus: CallStatus.inProgress })
  })

  t.test('a webhook that beats the create\'s answer records the SID in its own statement, if it is free', async (t) => {
    const requested = async (to: string) => {
      const res = await server.call({
        method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
        payload: { phone_number: to, survey: 1, gateway: 1, callerid: '+15550000001', data },
      })
      return (res.json() as { id: number }).id
    }
    const signed = (sid: string) => ({ CallSid: sid, AccountSid: gw.account_sid as string })
    const sid = () => `CA${randomBytes(16).toString('hex')}`
    // As the dialler keeps a call it placed, before the carrier's answer to the create (src/dialer/dial-call.ts).
    const keepUnanswered = async (id: number) => deps.callRows.keep({ call: await readRow(id), gateway: await currentGateway() })

    const first = await requested('+15557100301')
    const firstSid = sid()
    await keepUnanswered(first)
    const ringing = await statementsOf(() => post(`/twilio/status?call=${first}`, { ...signed(firstSid), CallStatus: 'ringing' }))
    t.equal(ringing.result.status, 204)
    t.equal(ringing.sent.length, 1, 'ringing: one statement, the SID in it')
    t.match(await readRow(first), { providerSid: firstSid, callstatus: CallStatus.ringing })
    t.equal(deps.callRows.get(first)!.call.providerSid, firstSid, 'what is kept has it now')

    const second = await requested('+15557100302')
    const secondSid = sid()
    await keepUnanswered(second)
    const voice = await statementsOf(() => post(`/twilio/voice?call=${second}`, { ...signed(secondSid), CallStatus: 'in-progress' }))
    t.match(voice.result.body, /<Gather/)
    t.equal(voice.sent.length, 1, 'the IVR\'s first prompt: one statement, the SID in it')
    t.match(await readRow(second), { providerSid: secondSid, seq: 1, callstatus: CallStatus.inProgress })

    // A SID that is another call's: refused, whether a status or an IVR step carries it, and nothing is written.
    const third = await requested('+15557100303')
    await keepUnanswered(third)
    t.equal((await post(`/twilio/status?call=${third}`, { ...signed(firstSid), CallStatus: 'ringing' })).status, 403, 'a status: refused')
    t.equal((await post(`/twilio/voice?call=${third}`, { ...signed(firstSid), CallStatus: 'in-progress' })).status, 403, 'an IVR step: refused')
    t.match(await readRow(third), { providerSid: null, callstatus: CallStatus.queued, seq: 0 }, 'nothing written')

    // A call that has a SID this process has not seen (the create's answer was recorded elsewhere): another is refused.
    await keepUnanswered(third)
    const thirdSid = sid()
    await pool.query('update call set provider_sid = $1 where id = $2', [thirdSid, third])
    t.equal((await post(`/twilio/status?call=${third}`, { ...signed(sid()), CallStatus: 'ringing' })).status, 403, 'another SID: refused')
    t.equal((await post(`/twilio/voice?call=${third}`, { ...signed(sid()), CallStatus: 'in-progress' })).status, 403)
    t.match(await readRow(third), { providerSid: thirdSid, callstatus: CallStatus.queued, seq: 0 }, 'nothing written')
    t.equal((await post(`/twilio/status?call=${third}`, { ...signed(thirdSid), CallStatus: 'ringing' })).status, 204, 'its own: recorded')
    t.match(await readRow(third), { callstatus: CallStatus.ringing })
  })

  t.test('a final status on a kept call: one statement in its transaction, no read; the kept row is forgotten', async (t) => {
    const { id, row, status } = await answeredCall('+15557100204')
    t.ok(deps.callRows.get(id))
    const ended = await statementsOf(() => status('completed'))
    t.equal(ended.result.status, 204)
    t.same(ended.sent.map((text) => text.split(' ')[0]), ['begin', 'with', 'commit'], 'BEGIN, the guarded end, COMMIT')
    t.match(ended.sent[1], /^with ended as \(update "call"/, 'the end is the statement\'s first part')
    const after = await readRow(id)
    t.match(after, { status: 'completed', callstatus: CallStatus.completed, duration: 7, answeredAt: row.answeredAt, seq: row.seq })
    t.ok(after.endedAt)
    t.equal(deps.callRows.get(id), undefined)

    // A replay, on the row as it was kept before the end (another process may keep one that old): nothing changes.
    deps.callRows.keep({ call: { ...row, providerSid: after.providerSid }, gateway: await currentGateway() })
    t.equal((await status('completed')).status, 204)
    t.same(await readRow(id), after, 'the call ended once')
  })

  t.test('a final status on a kept call whose gateway changed since: judged on the gateway as it is', async (t) => {
    const stale = await answeredCall('+15557100205')
    const keptGateway = deps.callRows.get(stale.id)!.gateway
    await pool.query('update gateway set updated_date = now() where id = 1')
    t.not((await currentGateway()).updatedDate.getTime(), keptGateway.updatedDate.getTime())
    const ended = await statementsOf(() => stale.status('no-answer'))
    t.equal(ended.result.status, 204, 'signed with the same token: accepted')
    t.ok(ended.sent.length > 3, 'after the guarded end wrote nothing, the call was read afresh')
    t.match(await readRow(stale.id), { status: 'no-answer', callstatus: CallStatus.noAnswer })

    const refused = await answeredCall('+15557100206')
    const sid = deps.callRows.get(refused.id)!.call.providerSid!
    await pool.query('update gateway set auth_token_encrypted = $1, updated_date = now() where id = 1', [encryptSecret(deps.config.secretKey, 'e'.repeat(32))])
    t.teardown(() => pool.query('update gateway set auth_token_encrypted = $1, updated_date = now() where id = 1',
      [encryptSecret(deps.config.secretKey, token)]))
    const old = await post(`/twilio/status?call=${refused.id}`, { CallSid: sid, AccountSid: gw.account_sid as string, CallStatus: 'completed' })
    t.equal(old.status, 403, 'signed with a token replaced since: refused')
    t.match(await readRow(refused.id), { callstatus: CallStatus.inProgress, endedAt: null }, 'and the call did not end')
  })
})

/** How many transcript lines a step that said the reminder's confirmation adds: the press, the prompt, the hang-up. */
function stepLength(twiml: string): number {
  return 1 + (twiml.match(/<Say\b/g)?.length ?? 0) + (twiml.includes('<Hangup') ? 1 : 0)
}
