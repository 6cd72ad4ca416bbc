// Opting out by text, end to end over real HTTP: a patient texts the simulator's number, the simulator posts the
// signed text to /twilio/sms, and Tocsin stores it and acts on it (README "Consent and opt-out").
import t from 'tap'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, plannedAt, query, requestsOf, runAlarmJobAt, settled } from '../alarms/helpers.js'
import {
  confirmation, DAY, getAppointment, makeAppointment, makeContact, setUpClinic, timeline, wholeSecondIn,
} from '../crm/reminders/helpers.js'

const CALLER_ID = '+15550000001'

/** A text from `from` to `to` through the simulator, as the carrier delivers it. */
async function text(server: TestServer, from: string, body: string, to = CALLER_ID) {
  const res = await server.call({ method: 'POST', url: `/simulator/numbers/${encodeURIComponent(from)}/sms`, as: 'admin', payload: { to, body } })
  if (res.statusCode !== 200) throw new Error(`simulator answered ${res.statusCode}: ${res.body}`)
  return res.json()
}

const dnc = async (server: TestServer, number: string) => (await query(server, 'select * from do_not_contact where phone_number = $1', [number]))[0]
const inbound = async (server: TestServer, number: string) =>
  query(server, "select * from sms_message where direction = 'inbound' and from_number = $1 order by id", [number])

t.test('opting out by text', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  await setUpClinic(server)
  const cal = await makeCalendar(server)
  const { state } = server.simulator

  t.test('a number that only received calls texts STOP: no further call or text, its appointment opted_out, the log entry', async (t) => {
    const number = '+15557400001'
    state.setNumber(number, { behavior: 'answer', presses: ['1'] })
    const ev = await makeEvent(server, cal)
    const first = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: number })
    t.match(await settled(server, first.id), { status: 5 }, 'it was called once')
    const later = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(3_600_000).toISOString(), alarm_phonenumber: number })
    const contact = await makeContact(server, { first_name: 'Ada', phones: [{ number }] })
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    t.equal(appt.confirmation_status, 'unconfirmed')

    const sent = await text(server, number, 'STOP')
    t.match(sent, { webhook: { response_code: 200 }, opted_out: true })
    t.notMatch(sent.twiml, /<Message>/, 'no confirmation of our own by default (the carrier sends one)')

    const [message] = await inbound(server, number)
    t.match(message, { to_number: CALLER_ID, body: 'STOP', status: 'received', matched: 'opt-out', provider_sid: sent.sid, organization_id: 1 })
    t.match(await dnc(server, number), { source: 'sms', keyword: 'STOP', message_id: message.id, reason: /opt-out keyword \(STOP\)/ })
    const log = await query(server, 'select * from consent_log where phone_number = $1', [number])
    t.match(log, [{ action: 'opt-out', source: 'sms', keyword: 'STOP', message_id: message.id }])

    t.match((await query(server, 'select status from alarm where id = $1', [later.id]))[0], { status: 3 }, 'the waiting alarm stopped at once')
    t.match(await requestsOf(server, later.id), [{ status: 3, reason: 'opted-out', reason_detail: /STOP/ }])
    const stopped = await server.call({ method: 'GET', url: `/rest-api/alarm/${later.id}/`, as: cal.manager })
    t.match(stopped.json(), { failure_reason: /the recipient opted out: .*STOP/ })
    t.equal((await getAppointment(server, appt.uuid)).confirmation_status, 'opted_out')

    const call = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(200).toISOString(), alarm_phonenumber: number })
    const sms = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(200).toISOString(), alarm_phonenumber: number, sms_template: 'Reminder',
    })
    t.match(await settled(server, call.id), { status: 3 })
    t.match(await settled(server, sms.id), { status: 3 })
    t.match((await requestsOf(server, call.id))[0], { reason: 'do-not-contact' })
    t.match((await requestsOf(server, sms.id))[0], { reason: 'do-not-contact' })
    t.equal(state.calls({ to: number }).length, 1, 'never called again')
    t.equal(state.messages({ to: number }).length, 0, 'never texted')

    const listed = await server.call({ method: 'GET', url: `/rest-api/do-not-contact/?phone_number=${encodeURIComponent(number)}`, as: 'manager' })
    t.equal(listed.statusCode, 200)
    t.match(listed.json(), {
      count: 1,
      results: [{
        phone_number: number, source: 'sms', keyword: 'STOP', message: new RegExp(`/rest-api/sms-message/${message.id}/$`),
        history: [{ action: 'opt-out', source: 'sms', keyword: 'STOP' }],
      }],
    })
    const texts = await server.call({ method: 'GET', url: `/rest-api/sms-message/?direction=inbound&phone_number=${encodeURIComponent(number)}`, as: 'manager' })
    t.match(texts.json(), { count: 1, results: [{ id: message.id, from_number: number, body: 'STOP', matched: 'opt-out' }] })
  })

  t.test('the carrier\'s other keywords, in any case and with spaces; a sentence is only a reply', async (t) => {
    const cases: Array<[string, string, string | null]> = [
      ['+15557400011', 'OPTOUT', 'OPTOUT'], ['+15557400012', 'revoke', 'REVOKE'], ['+15557400013', '  stop ', 'STOP'],
      ['+15557400014', 'StopAll', 'STOPALL'], ['+15557400015', 'unsubscribe', 'UNSUBSCRIBE'], ['+15557400016', 'cancel', 'CANCEL'],
      ['+15557400017', 'end', 'END'], ['+15557400018', 'Quit', 'QUIT'], ['+15557400019', 'stop calling me', null],
    ]
    for (const [number, body, keyword] of cases) {
      await text(server, number, body)
      const [message] = await inbound(server, number)
      t.equal(message?.body, body, `"${body}" is stored as sent`)
      if (keyword) {
        t.equal(message.matched, 'opt-out', `"${body}" opts out`)
        t.match(await dnc(server, number), { keyword, source: 'sms' })
      } else {
        t.equal(message.matched, 'other', `"${body}" is a reply, kept for people to read`)
        t.equal(await dnc(server, number), undefined, `"${body}" does not opt out`)
      }
    }
  })

  t.test('START (or UNSTOP, YES) opts back in; calls go out again', async (t) => {
    const number = '+15557400021'
    await text(server, number, 'STOP')
    t.ok(await dnc(server, number))
    const back = await text(server, number, 'Start')
    t.equal(back.opted_out, false)
    t.equal(await dnc(server, number), undefined, 'off the list')
    t.match(await query(server, 'select action, source, keyword from consent_log where phone_number = $1 order by id', [number]), [
      { action: 'opt-out', source: 'sms', keyword: 'STOP' }, { action: 'opt-in', source: 'sms', keyword: 'START' },
    ])
    t.match(await inbound(server, number), [{ matched: 'opt-out' }, { matched: 'opt-in' }])
    state.setNumber(number, { behavior: 'answer', presses: ['1'] })
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(200).toISOString(), alarm_phonenumber: number })
    t.match(await settled(server, a.id), { status: 5 }, 'called again')
    for (const [n, word] of [['+15557400022', 'UNSTOP'], ['+15557400023', 'yes']] as const) {
      await text(server, n, 'STOP')
      await text(server, n, word)
      t.equal(await dnc(server, n), undefined, `${word} opts in`)
    }
  })

  t.test('START puts back the appointments STOP stopped: unconfirmed again, their steps planned anew, and the call goes out', async (t) => {
    const number = '+15557400061'
    state.setNumber(number, { behavior: 'answer', presses: ['1'] })
    const contact = await makeContact(server, { first_name: 'Ada', phones: [{ type: 'mobile', number }] })
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    await text(server, number, 'STOP')
    t.equal((await getAppointment(server, appt.uuid)).confirmation_status, 'opted_out')
    const stopped = (await timeline(server, appt.uuid)).steps
    t.same(stopped.map((s: any) => [s.channel, s.state, s.reason_code]), [['call', 'failed', 'opted-out'], ['sms', 'failed', 'opted-out']],
      'both steps stopped, and why')

    await text(server, number, 'START')
    const back = await getAppointment(server, appt.uuid)
    t.equal(back.confirmation_status, 'unconfirmed', 'reminded again')
    t.match(back.notes.find((n: any) => n.type === 2).note,
      /^Opted out of reminders \(\+15557400061\) at \d\d:\d\d\nOpted in to reminders again \(\+15557400061\) at \d\d:\d\d$/)
    const steps = (await timeline(server, appt.uuid)).steps
    t.same(steps.map((s: any) => [s.channel, s.state]), [['call', 'failed'], ['call', 'scheduled'], ['sms', 'failed'], ['sms', 'scheduled']],
      'the stopped steps stay in the history; each is planned again')
    t.equal(Date.parse(steps[1].due), Date.parse(stopped[0].due), 'at the time it had')

    const callAlarm = Number(/\/alarm\/(\d+)\//.exec(steps[1].alarm)![1])
    const due = (await plannedAt(server, callAlarm))!
    t.equal(due.getTime(), Date.parse(stopped[0].due), 'and queued for it')
    await runAlarmJobAt(server, callAlarm, due)
    t.equal((await confirmation(server, appt.uuid, 'confirmed')).confirmation_status, 'confirmed', 'the call went out and its answer landed')
    t.equal(state.calls({ to: number }).length, 1, 'one call')

    await text(server, number, 'START')
    t.equal((await timeline(server, appt.uuid)).steps.length, 4, 'a second START changes nothing')
  })

  t.test('a number taken off the list while the number its reminders go to stays on it: still opted_out', async (t) => {
    const mobile = '+15557400071'
    const home = '+15557400072'
    const contact = await makeContact(server, { first_name: 'Ada', phones: [{ type: 'mobile', number: mobile }, { type: 'home', number: home }] })
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    await text(server, mobile, 'STOP')
    await text(server, home, 'STOP')
    await text(server, home, 'START')
    t.equal((await getAppointment(server, appt.uuid)).confirmation_status, 'opted_out', 'its reminders go to the mobile, still on the list')
    t.equal((await timeline(server, appt.uuid)).steps.length, 2, 'nothing planned')
    await text(server, mobile, 'START')
    t.equal((await getAppointment(server, appt.uuid)).confirmation_status, 'unconfirmed')
    t.equal((await timeline(server, appt.uuid)).steps.filter((s: any) => s.state === 'scheduled').length, 2)
  })

  t.test('taken off the list by an administrator through the API: the same', async (t) => {
    const number = '+15557400081'
    const contact = await makeContact(server, { first_name: 'Ada', phones: [{ type: 'mobile', number }] })
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    await text(server, number, 'STOP')
    const entry = await dnc(server, number)
    const removed = await server.call({ method: 'DELETE', url: `/rest-api/do-not-contact/${entry.id}/`, as: 'manager' })
    t.equal(removed.statusCode, 204)
    t.equal((await getAppointment(server, appt.uuid)).confirmation_status, 'unconfirmed')
    t.equal((await timeline(server, appt.uuid)).steps.filter((s: any) => s.state === 'scheduled').length, 2)
  })

  t.test('HELP and INFO are answered with the gateway\'s help text; its own confirmations when set', async (t) => {
    const help = await text(server, '+15557400031', 'help')
    t.match(help.twiml, /<Response><Message>Appointment reminders\. Reply STOP to receive no more calls or texts from us, START to receive them again\.<\/Message><\/Response>/)
    t.match(await inbound(server, '+15557400031'), [{ matched: 'help' }])
    const [reply] = await query(server, "select * from sms_message where direction = 'outbound' and to_number = $1", ['+15557400031'])
    t.match(reply, { from_number: CALLER_ID, status: 'sent', body: /^Appointment reminders/ })
    const patched = await server.call({
      method: 'PATCH', url: '/rest-api/gateway/1/', as: 'admin',
      payload: { help_reply: 'Mitte Clinic: call 030 5550000', opt_out_reply: 'You will hear no more from us. Text START to undo.', opt_in_reply: null },
    })
    t.equal(patched.statusCode, 200, patched.body)
    t.match(patched.json(), { help_reply: 'Mitte Clinic: call 030 5550000', opt_out_reply: /no more/, opt_in_reply: null })
    t.match((await text(server, '+15557400032', 'INFO')).twiml, /<Message>Mitte Clinic: call 030 5550000<\/Message>/)
    t.match((await text(server, '+15557400032', 'stop')).twiml, /<Message>You will hear no more from us\. Text START to undo\.<\/Message>/)
    t.notMatch((await text(server, '+15557400032', 'start')).twiml, /<Message>/)
  })

  t.test('the carrier keeps its own opt-out: 21610 until START, and Tocsin marks the number without retrying', async (t) => {
    const number = '+15557400051'
    const [{ from_number: sender }] = await query(server, 'select from_number from sms_gateway where id = 1')
    t.equal((await text(server, number, 'STOP', sender)).opted_out, true)
    const entry = await dnc(server, number)
    // Taken off Tocsin's list by hand: the carrier still refuses to text them.
    const removed = await server.call({ method: 'DELETE', url: `/rest-api/do-not-contact/${entry.id}/`, as: 'manager' })
    t.equal(removed.statusCode, 204)
    t.equal((await server.call({ method: 'DELETE', url: `/rest-api/do-not-contact/${entry.id}/`, as: 'manager' })).statusCode, 404)
    const ev = await makeEvent(server, cal)
    const reminder = () => makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(200).toISOString(), alarm_phonenumber: number, sms_template: 'Reminder', maxretry: 2, retry_delay: 1,
    })
    const refused = await reminder()
    t.match(await settled(server, refused.id), { status: 3, num_attempt: 1 }, 'one attempt of the three allowed')
    t.match(await requestsOf(server, refused.id), [{ reason: 'opted-out', reason_detail: /carrier error 21610/ }])
    t.match(await dnc(server, number), { source: 'carrier', keyword: null })
    t.match(state.refusals().filter((r) => r.to === number), [{ code: 21610, from: sender }])
    const listed = (await server.call({ method: 'GET', url: `/rest-api/do-not-contact/?phone_number=${encodeURIComponent(number)}`, as: 'admin' })).json()
    t.match(listed.results[0].history, [
      { action: 'opt-out', source: 'sms', keyword: 'STOP' }, { action: 'opt-in', source: 'api', user: /\/rest-api\/user\/2\/$/ },
      { action: 'opt-out', source: 'carrier' },
    ])

    t.equal((await text(server, number, 'START', sender)).opted_out, false)
    t.equal(await dnc(server, number), undefined)
    const delivered = await reminder()
    t.match(await settled(server, delivered.id), { status: 5 })
    t.equal(state.messages({ to: number }).length, 1, 'texted again after START')
  })

  t.test('the API: add, read, remove; numbers read in the organization\'s region; errors name the field', async (t) => {
    const added = await server.call({ method: 'POST', url: '/rest-api/do-not-contact/', as: 'manager', payload: { phone_number: '030 5550123', reason: 'asked at the desk' } })
    t.equal(added.statusCode, 201, added.body)
    t.match(added.json(), { phone_number: '+49305550123', source: 'api', reason: 'asked at the desk', history: [{ action: 'opt-out', source: 'api' }] })
    const again = await server.call({ method: 'POST', url: '/rest-api/do-not-contact/', as: 'manager', payload: { phone_number: '+49 30 5550123' } })
    t.equal(again.statusCode, 200, 'already there')
    t.equal(again.json().id, added.json().id)
    t.equal((await server.call({ method: 'GET', url: `/rest-api/do-not-contact/${added.json().id}/`, as: 'manager' })).json().reason, 'asked at the desk')
    const bad = await server.call({ method: 'POST', url: '/rest-api/do-not-contact/', as: 'manager', payload: { phone_number: 'call me' } })
    t.equal(bad.statusCode, 400)
    t.ok(bad.json().error.fields.phone_number)
    const badFilter = await server.call({ method: 'GET', url: '/rest-api/do-not-contact/?phone_number=0305550123', as: 'manager' })
    t.equal(badFilter.statusCode, 400)
    t.match(badFilter.json().error, { fields: { phone_number: String } })
    t.equal((await server.call({ method: 'GET', url: '/rest-api/do-not-contact/' })).statusCode, 401)
    const [org2] = await query(server, "insert into organization (name) values ('Elsewhere') returning id")
    const [foreign] = await query(server, "insert into do_not_contact (organization_id, phone_number) values ($1, '+15557400999') returning id", [org2.id])
    await query(server, "insert into sms_message (organization_id, direction, from_number, to_number, body, status) values ($1, 'inbound', '+15557400999', '+15550000001', 'STOP', 'received')", [org2.id])
    const all = (await server.call({ method: 'GET', url: '/rest-api/do-not-contact/?page_size=1000', as: 'admin' })).json()
    t.notOk(all.results.some((r: any) => r.phone_number === '+15557400999'), "another organization's list is not shown, to admins either")
    t.equal((await server.call({ method: 'GET', url: `/rest-api/do-not-contact/${foreign.id}/`, as: 'admin' })).statusCode, 404)
    t.equal((await server.call({ method: 'DELETE', url: `/rest-api/do-not-contact/${foreign.id}/`, as: 'admin' })).statusCode, 404)
    t.equal((await query(server, 'select count(*)::int as n from do_not_contact where id = $1', [foreign.id]))[0].n, 1)
    const texts = (await server.call({ method: 'GET', url: '/rest-api/sms-message/?phone_number=%2B15557400999', as: 'admin' })).json()
    t.equal(texts.count, 0, 'nor its texts')
    for (const url of ['/rest-api/do-not-contact/', '/rest-api/sms-message/']) {
      t.equal((await server.call({ method: 'GET', url, as: `cu_${cal.manager}` })).statusCode, 403, `${url}: not for calendar users`)
    }
    const openapi = (await server.call({ method: 'GET', url: '/docs/json' })).json()
    for (const path of ['/rest-api/do-not-contact/', '/rest-api/do-not-contact/{id}/', '/rest-api/sms-message/', '/twilio/sms', '/simulator/numbers/{number}/sms']) {
      t.ok(openapi.paths[path], `${path} is in the OpenAPI document`)
    }
    t.match(openapi.paths['/rest-api/do-not-contact/'].get.responses['200'].content['application/json'].schema.properties.results.items.properties, {
      source: { enum: ['sms', 'ivr', 'admin', 'api', 'carrier'] }, history: { type: 'array' },
    })
  })

  t.test('a text not signed by the number\'s gateway is refused and not stored', async (t) => {
    const before = (await query(server, 'select count(*)::int as n from sms_message'))[0].n
    const unsigned = await server.app.inject({
      method: 'POST', url: '/twilio/sms', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ From: '+15557400041', To: CALLER_ID, Body: 'STOP', MessageSid: 'SM0' }).toString(),
    })
    t.equal(unsigned.statusCode, 403)
    t.equal((await query(server, 'select count(*)::int as n from sms_message'))[0].n, before)
    t.equal(await dnc(server, '+15557400041'), undefined)
  })
})
