// A successful attempt is settled by the statement that locks and reads it (src/alarms/settle/settle.ts
// lockAndSucceed): one statement, the same rows written as before, and nothing written where settleAttempt's success
// writes nothing — an attempt settled already, an alarm cancelled or deleted meanwhile, an event gone.
import t from 'tap'
import type pg from 'pg'
import { settleAttempt, type AttemptOutcome } from '../../src/alarms/settle/settle.js'
import { ALARM_RESULT, ALARM_STATUS } from '../../src/db/schema/index.js'
import { CallStatus } from '../../src/codes/call-status.js'
import { startTestServer } from '../helpers/build.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query } from './helpers.js'

t.test('settling a success', async (t) => {
  const server = await startTestServer(t, {}, { worker: false })
  const { deps } = server
  const cal = await makeCalendar(server)
  const ended: { alarmId: number; status: number }[] = []
  deps.alarmHooks.ended.push(async (_tx, e) => void ended.push({ alarmId: e.alarmId, status: e.status }))

  let n = 0
  /** An alarm with an attempt in process, as dispatch leaves it. */
  async function openAttempt(): Promise<{ alarmId: number; requestId: number; eventId: number }> {
    const ev = await makeEvent(server, cal, { start: inMs(86_400_000).toISOString(), end: inMs(90_000_000).toISOString() })
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(3_600_000).toISOString(), alarm_phonenumber: `+1555760${String(++n).padStart(4, '0')}` })
    await query(server, 'update alarm set status = $2, num_attempt = 1 where id = $1', [a.id, ALARM_STATUS.inProcess])
    const [request] = await query(server, 'insert into alarm_request (alarm_id, date, status) values ($1, now(), $2) returning id', [a.id, ALARM_STATUS.inProcess])
    return { alarmId: a.id, requestId: request.id, eventId: ev.id }
  }
  const answered: AttemptOutcome = { success: true, retryable: true, callstatus: CallStatus.completed, duration: 42, result: ALARM_RESULT.confirmed }
  const state = async (alarmId: number, requestId: number) => ({
    alarm: (await query(server, 'select status, result, updated_date from alarm where id = $1', [alarmId]))[0],
    request: (await query(server, 'select status, callstatus, duration, reason, retry_at from alarm_request where id = $1', [requestId]))[0],
  })

  /** The statements one settling sends, in a transaction of its own. */
  async function settle(requestId: number, outcome = answered): Promise<string[]> {
    const sent: string[] = []
    await deps.db.transaction(async (tx) => {
      const client = (tx as unknown as { _: { session: { client: pg.PoolClient } } })._.session.client
      const query = client.query
      client.query = ((config: string | { text: string }, ...rest: unknown[]) => {
        sent.push(typeof config === 'string' ? config : config.text)
        return (query as (...args: unknown[]) => unknown).call(client, config, ...rest)
      }) as typeof client.query
      try {
        await settleAttempt(tx, deps, requestId, outcome)
      } finally {
        client.query = query
      }
    })
    return sent
  }
  // The scheduler's own statements: all but the CRM's question, once per calendar, whether it is a reminders calendar.
  const settles = (sent: string[]) => sent.filter((text) => !text.startsWith('select "users"."username"'))

  t.test('an open attempt: locked, read and settled in one statement', async (t) => {
    const { alarmId, requestId } = await openAttempt()
    const sent = await settle(requestId)
    t.equal(settles(sent).length, 1, 'one statement reads and writes the attempt and its alarm')
    t.match(sent[0], /^with open as \(select/)
    t.match(await state(alarmId, requestId), {
      alarm: { status: ALARM_STATUS.success, result: ALARM_RESULT.confirmed },
      request: { status: ALARM_STATUS.success, callstatus: CallStatus.completed, duration: 42, reason: null, retry_at: null },
    })
    t.same(ended.filter((e) => e.alarmId === alarmId), [{ alarmId, status: ALARM_STATUS.success }], 'the end is heard once')

    const before = await state(alarmId, requestId)
    const replay = await settle(requestId)
    t.equal(settles(replay).length, 1, 'a replay reads the attempt')
    t.same(await state(alarmId, requestId), before, 'and changes nothing')
    t.equal(ended.filter((e) => e.alarmId === alarmId).length, 1, 'nor is the end heard again')
  })

  t.test('a success without a result or a call keeps what the attempt and the alarm had', async (t) => {
    const { alarmId, requestId } = await openAttempt()
    await query(server, 'update alarm set result = $2 where id = $1', [alarmId, ALARM_RESULT.cancelled])
    await query(server, 'update alarm_request set callstatus = 3, duration = 7 where id = $1', [requestId])
    await settle(requestId, { success: true, retryable: true })
    t.match(await state(alarmId, requestId), {
      alarm: { status: ALARM_STATUS.success, result: ALARM_RESULT.cancelled },
      request: { status: ALARM_STATUS.success, callstatus: 3, duration: 7 },
    })
  })

  t.test('an alarm cancelled while its attempt ran: the attempt records the success, the alarm stays cancelled', async (t) => {
    const { alarmId, requestId } = await openAttempt()
    await query(server, 'update alarm set status = $2 where id = $1', [alarmId, ALARM_STATUS.cancelled])
    const sent = await settle(requestId)
    t.equal(settles(sent).length, 2, 'the read writes nothing; the attempt is settled apart, as before')
    t.match(await state(alarmId, requestId), {
      alarm: { status: ALARM_STATUS.cancelled, result: ALARM_RESULT.none },
      request: { status: ALARM_STATUS.success, callstatus: CallStatus.completed, duration: 42 },
    })
    t.same(ended.filter((e) => e.alarmId === alarmId), [], 'no end is heard: the alarm had ended already')
  })

  t.test('an event deleted while the attempt ran: the alarm is not settled as a success', async (t) => {
    const { alarmId, requestId, eventId } = await openAttempt()
    await query(server, 'update event set deleted_at = now() where id = $1', [eventId])
    await settle(requestId)
    t.match(await state(alarmId, requestId), { alarm: { status: ALARM_STATUS.inProcess }, request: { status: ALARM_STATUS.success } })
  })

  t.test('two settlings of one attempt at once: the second waits for the first, then finds it settled', async (t) => {
    const { alarmId, requestId } = await openAttempt()
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    let firstDone!: () => void
    const settledFirst = new Promise<void>((resolve) => { firstDone = resolve })
    const first = deps.db.transaction(async (tx) => {
      await settleAttempt(tx, deps, requestId, answered)
      firstDone()
      await held
    })
    await settledFirst
    let secondFinished = false
    const second = deps.db.transaction((tx) => settleAttempt(tx, deps, requestId, { ...answered, result: ALARM_RESULT.cancelled }))
      .then(() => { secondFinished = true })
    await new Promise((r) => setTimeout(r, 200))
    t.notOk(secondFinished, 'the second waits for the first one\'s locks')
    release()
    await Promise.all([first, second])
    t.match(await state(alarmId, requestId), { alarm: { status: ALARM_STATUS.success, result: ALARM_RESULT.confirmed } }, 'the first one\'s result stands')
    t.equal(ended.filter((e) => e.alarmId === alarmId).length, 1, 'one end heard')
  })
})
