// What each class of carrier error does to an alarm's attempt, through the real simulator: permanent refusals fail
// at once with a reason in words and no retry, rate limits are waited out without costing an attempt, other refusals
// are retried like a busy line, and 21610 puts the number on the do-not-contact list.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { alarmRow, inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, settled } from '../alarms/helpers.js'

t.test('carrier refusals', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const { state } = server.simulator
  const callOf = async (id: number) => (await query(server, 'select * from call where id = $1', [id]))[0]

  t.test('permanent: the attempt fails at once, not retried, with the reason in words', async (t) => {
    const cases: Array<[number, string, RegExp]> = [
      [21211, '+15557300001', /not a valid phone number \(carrier error 21211\)/],
      [21215, '+15557300002', /not allowed to call this number .*\(carrier error 21215\)/],
      [13224, '+15557300003', /cannot call this number, or it does not exist \(carrier error 13224\)/],
    ]
    for (const [code, number, words] of cases) {
      state.setNumber(number, { behavior: 'fail', error_code: code })
      const ev = await makeEvent(server, cal)
      const a = await makeAlarm(server, cal, {
        event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: number, maxretry: 3, retry_delay: 1,
        phonenumber_sms_failure: '+15557300099',
      })
      t.match(await settled(server, a.id), { status: 3, num_attempt: 1 }, `${code}: failed after one attempt of four allowed`)
      const [request, ...more] = await requestsOf(server, a.id)
      t.equal(more.length, 0, `${code}: no retry`)
      t.match(request, { status: 3, callstatus: 6, reason: 'carrier-permanent', reason_detail: words })
      t.match(await callOf(request.call_id), { status: 'failed', error_code: code, provider_sid: null })
      t.equal(state.calls({ to: number }).length, 0, `${code}: the carrier placed nothing`)
    }
    const fallback = await eventually(async () => state.messages({ to: '+15557300099' }).length >= 3 || null, 20_000)
    t.ok(fallback, 'the failure text still goes to another number')
  })

  t.test('a permanently refused number gets no failure text of its own', async (t) => {
    state.setNumber('+15557300011', { error_code: 21211 })
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557300011', phonenumber_sms_failure: '+15557300011',
    })
    t.match(await settled(server, a.id), { status: 3 })
    const texts = await query(server, 'select * from sms_message where to_number = $1', ['+15557300011'])
    t.equal(texts.length, 0, 'no text to the number the carrier says does not exist')
  })

  t.test('21210: a caller ID the carrier refuses fails the attempt, not retried, saying what to fix', async (t) => {
    const clinic = await makeCalendar(server, { setting: { callerid: '+15550000777' } })
    state.setNumber('+15550000777', { error_code: 21210 })
    t.teardown(() => state.setNumber('+15550000777', {}))
    const ev = await makeEvent(server, clinic)
    const a = await makeAlarm(server, clinic, { event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557300021', maxretry: 2, retry_delay: 1 })
    t.match(await settled(server, a.id), { status: 3, num_attempt: 1 })
    t.match((await requestsOf(server, a.id))[0], { reason: 'carrier-permanent', reason_detail: /caller ID is not a verified number.*\(carrier error 21210\)/ })
  })

  t.test('transient: an unknown refusal is an attempt, retried', async (t) => {
    state.setNumber('+15557300031', { error_code: 22005 })
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557300031', maxretry: 1, retry_delay: 1 })
    t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 3, num_attempt: 2 })
    const requests = await requestsOf(server, a.id)
    t.same(requests.map((r) => [r.status, r.reason]), [[4, 'call-failed'], [3, 'call-failed']], 'retried once, then failed')
    t.match(requests[0].reason_detail, /error 22005/)
  })

  t.test('rate-limited: the call waits and is dialled again; no attempt is spent', async (t) => {
    // Six 429s: the SDK's own retries meet four of them, the call waits in its line, and the next dial gets through.
    state.setFault({ status: 429, count: 6 })
    t.teardown(() => state.setFault(null))
    state.setNumber('+15557300041', { behavior: 'answer', presses: ['1'] })
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557300041', maxretry: 0 })
    t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 5, num_attempt: 1, result: 1 }, 'one attempt, and it succeeded')
    const [request, ...more] = await requestsOf(server, a.id)
    t.equal(more.length, 0)
    t.match(request, { status: 5, reason: null })
    t.equal(state.calls({ to: '+15557300041' }).length, 1, 'placed once')
  })

  t.test('21610 on a text: the attempt fails as opted out, the number goes on the do-not-contact list, and is never called', async (t) => {
    state.setNumber('+15557300051', { error_code: 21610 })
    const ev = await makeEvent(server, cal)
    const sms = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557300051',
      sms_template: 'Reminder: #event_title#', maxretry: 2, retry_delay: 1,
    })
    t.match(await settled(server, sms.id, [3, 5, 6, 7], 30_000), { status: 3, num_attempt: 1 })
    t.match((await requestsOf(server, sms.id))[0], { reason: 'opted-out', reason_detail: /replied STOP.*\(carrier error 21610\)/ })
    const [entry] = await query(server, 'select * from do_not_contact where phone_number = $1', ['+15557300051'])
    t.match(entry, { source: 'carrier', reason: /21610/ })
    const [text] = await query(server, 'select * from sms_message where alarm_request_id = $1', [(await requestsOf(server, sms.id))[0].id])
    t.match(text, { status: 'failed', error_code: '21610' })

    const call = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: '+15557300051' })
    t.match(await settled(server, call.id), { status: 3 })
    t.match((await requestsOf(server, call.id))[0], { reason: 'do-not-contact' })
    t.equal(state.calls({ to: '+15557300051' }).length, 0, 'the opted-out number is never called')
    t.equal((await alarmRow(server, sms.id)).num_attempt, 1)
  })

  t.test("21611 (the sender's queue is full): the text waits and goes later; no attempt is spent", async (t) => {
    // The seeded SMS gateway sends from its own number.
    state.setNumber('+15005550006', { error_code: 21611 })
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: '+15557300061', sms_template: 'Hi', maxretry: 0,
    })
    await eventually(async () => (await query(server, "select 1 from sms_message where to_number = $1 and error like '%queue at the carrier is full%'", ['+15557300061']))[0], 20_000)
    state.setNumber('+15005550006', {})
    t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 5, num_attempt: 1 })
    t.equal(state.messages({ to: '+15557300061' }).length, 1, 'sent once')
  })
})
