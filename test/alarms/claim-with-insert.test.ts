// An alarm's call is inserted and its dialling claimed by one statement (src/dialer/dial-call.ts claimNewCall, from
// src/alarms/dispatch/record-attempt.ts): the same rows and jobs as inserting it and claiming it apart — dialled,
// waiting in its line, or waiting for the gateway's next cps token — with nothing sent after it before COMMIT, and the
// two-statement way still taken where a limit counts open calls.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { recordStatements } from '../helpers/statements.js'
import { WAIT_FALLBACK_MS } from '../../src/dialer/limits.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, runAlarmJobAt } from './helpers.js'

t.test('a call inserted and claimed in one statement', async (t) => {
  // The carrier's clock at its real pace: a call dialled here rings for its whole ring time, past the end of the test,
  // so no call's end wakes (dial-line.ts) the waiting calls the later subtests look at.
  const server = await startTestServer(t, {}, { worker: false, timeScale: 1 })
  const statements = recordStatements(server.deps.database.pool)
  /**
   * The statements the job sends, up to its COMMIT (the carrier's SID is recorded after) — its own: the callbacks of
   * calls dialled before, still ringing, may write meanwhile.
   */
  async function dispatch(alarmId: number): Promise<string[]> {
    const { sent } = await statements.within(() => runAlarmJobAt(server, alarmId, new Date()))
    // BEGIN goes with the next statement (src/db/begin-with-first.ts); the CRM asks once per calendar whether it
    // is a reminders calendar.
    return sent.slice(0, sent.indexOf('commit')).filter((text) => text !== 'begin' && !text.startsWith('select "users"."username"'))
  }
  // Rings out (a long ring): the call stays open while the test looks at it.
  server.simulator.state.setNumber('+15557710001', { behavior: 'no-answer' })
  server.simulator.state.setNumber('+15557710002', { behavior: 'no-answer' })
  server.simulator.state.setNumber('+15557710003', { behavior: 'no-answer' })
  server.simulator.state.setNumber('+15557710004', { behavior: 'no-answer' })
  const callOf = async (alarmId: number) =>
    (await query(server, 'select c.* from call c join alarm_request r on r.call_id = c.id where r.alarm_id = $1', [alarmId]))[0]
  const jobOf = async (key: string) => (await query(server, 'select payload, run_at from graphile_worker._private_jobs where key = $1', [key]))[0]

  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal, { start: inMs(86_400_000).toISOString(), end: inMs(90_000_000).toISOString() })
  const alarmFor = (number: string, calendar = cal, event = ev) =>
    makeAlarm(server, calendar, { event: event.id, date_start_notice: inMs(-1000).toISOString(), alarm_phonenumber: number })

  t.test('free to go: one statement records the attempt and its call, dialled, with its reconcile job', async (t) => {
    const a = await alarmFor('+15557710001')
    const sent = await dispatch(a.id)
    t.equal(sent.length, 2, 'the locked context, then one statement', { sent })
    t.match(sent[1], /^with new_call as materialized/)
    t.match(sent[1], /gateway_throttle/, 'that statement takes the slot')
    const [request] = await requestsOf(server, a.id)
    const c = await callOf(a.id)
    t.equal(c.alarm_request_id, request.id, 'the call names its attempt')
    t.equal(request.call_id, c.id, 'the attempt names its call')
    t.match(request, { status: 2, callstatus: 1 })
    t.ok(c.dialed_at, 'dialled')
    t.equal(c.to_number, '+15557710001')
    t.match(c.context, { data: { first_name: String } })
    const reconcile = await jobOf(`reconcile-call:${c.id}`)
    t.same(reconcile?.payload, { callId: c.id })
    t.ok(reconcile.run_at.getTime() >= c.dialed_at.getTime() + c.ring_timeout * 1000, 'after the ring and its grace')
    t.match((await query(server, 'select status, num_attempt from alarm where id = $1', [a.id]))[0], { status: 2, num_attempt: 1 })
  })

  t.test('an older call waits in its line: inserted undialled, its dial-call job queued, no reconcile job', async (t) => {
    // An older call of the same line waiting for its turn (a live dial-call job).
    const [template] = await query(server, 'select * from call where calendar_id = $1 order by id limit 1', [cal.calendarId])
    const [waiting] = await query(server, `insert into call (organization_id, user_id, gateway_id, sealed_survey_id, calendar_id, from_number, to_number)
      values ($1, $2, $3, $4, $5, $6, '+15557710099') returning id`,
    [template.organization_id, template.user_id, template.gateway_id, template.sealed_survey_id, cal.calendarId, template.from_number])
    await query(server, `select graphile_worker.add_job('dial-call', json_build_object('callId', $1::int), run_at => now() + interval '1 hour',
      job_key => 'dial-call:' || $1::int)`, [waiting.id])
    const a = await alarmFor('+15557710002')
    const sent = await dispatch(a.id)
    t.match(sent[1], /^with new_call as materialized/)
    const c = await callOf(a.id)
    t.ok(c.id > waiting.id)
    t.equal(c.dialed_at, null, 'not dialled')
    t.equal(c.callstatus, 1, 'queued')
    t.equal(sent.length, 2, 'its dial-call job queued by that statement', { sent })
    const job = await jobOf(`dial-call:${c.id}`)
    t.ok(job, 'waits for its turn')
    const wait = job.run_at.getTime() - c.created_at.getTime()
    t.ok(wait >= WAIT_FALLBACK_MS - 1000 && wait <= 2 * WAIT_FALLBACK_MS + 1000, 'looking again by itself after the fallback wait, unless woken', { wait })
    t.notOk(await jobOf(`reconcile-call:${c.id}`))
    const [request] = await requestsOf(server, a.id)
    t.equal(request.call_id, c.id)
    for (const id of [waiting.id, c.id]) await query(server, `select graphile_worker.remove_job('dial-call:' || $1::int)`, [id])
  })

  t.test('the gateway\'s next cps token not due yet: inserted undialled, its dial-call job queued for the token', async (t) => {
    const [{ next_at: nextAt }] = await query(server, `insert into gateway_throttle (gateway_id, next_at) values (1, now() + interval '1 hour')
      on conflict (gateway_id) do update set next_at = excluded.next_at returning next_at`)
    t.teardown(() => query(server, 'update gateway_throttle set next_at = now() where gateway_id = 1'))
    const a = await alarmFor('+15557710004')
    const sent = await dispatch(a.id)
    t.equal(sent.length, 2, 'no statement after the claim')
    const c = await callOf(a.id)
    t.equal(c.dialed_at, null, 'not dialled')
    const job = await jobOf(`dial-call:${c.id}`)
    const after = job.run_at.getTime() - nextAt.getTime()
    t.ok(after >= 1 && after <= 51, 'due just after the token', { after })
    t.notOk(await jobOf(`reconcile-call:${c.id}`))
  })

  t.test('a calendar that counts its open calls: inserted, then claimed', async (t) => {
    const limited = await makeCalendar(server, { maxConcurrent: 5 })
    const event = await makeEvent(server, limited, { start: inMs(86_400_000).toISOString(), end: inMs(90_000_000).toISOString() })
    const a = await alarmFor('+15557710003', limited, event)
    const sent = await dispatch(a.id)
    t.ok(sent.length > 2, 'more than one statement')
    t.notMatch(sent[1], /gateway_throttle/, 'the insert takes no slot')
    const c = await callOf(a.id)
    t.ok(c.dialed_at, 'dialled')
    t.ok(await jobOf(`reconcile-call:${c.id}`))
  })
})
