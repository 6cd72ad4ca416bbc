// Answers that are not a keypress on the reminder's own call: "to stop these calls, press 9" in the built-in reminder
// survey, and two-way text reminders answered with 1 / 2 / 3 (or C / R), which count exactly like the keypress.
import t from 'tap'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { alarmRow, inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, settled } from '../alarms/helpers.js'
import { receiver } from '../helpers/hook-receiver.js'

async function text(server: TestServer, from: string, to: string, body: string) {
  const res = await server.call({ method: 'POST', url: `/simulator/numbers/${encodeURIComponent(from)}/sms`, as: 'admin', payload: { to, body } })
  if (res.statusCode !== 200) throw new Error(`simulator answered ${res.statusCode}: ${res.body}`)
  return res.json()
}

const lastInbound = async (server: TestServer, from: string) =>
  (await query(server, "select * from sms_message where direction = 'inbound' and from_number = $1 order by id desc limit 1", [from]))[0]

t.test('answers by keypress 9 and by text', async (t) => {
  const { hits, base } = await receiver(t)
  const server = await startTestServer(t, { OUTBOUND_URL_ALLOW: '127.0.0.1' }, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const { state } = server.simulator

  t.test('pressing 9 in the built-in reminder opts the number out; its other alarms stop', async (t) => {
    const number = '+15557600001'
    state.setNumber(number, { behavior: 'answer', presses: ['9'] })
    const ev = await makeEvent(server, cal)
    const waiting = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(3_600_000).toISOString(), alarm_phonenumber: number })
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(300).toISOString(), alarm_phonenumber: number })
    t.match(await settled(server, a.id), { status: 5, result: 0 }, 'the call went through; 9 is no confirmation')
    const [entry] = await query(server, 'select * from do_not_contact where phone_number = $1', [number])
    t.match(entry, { source: 'ivr', organization_id: 1, reason: /pressed opt-out at node opt-out/ })
    t.match(await query(server, 'select action, source from consent_log where phone_number = $1', [number]), [{ action: 'opt-out', source: 'ivr' }])
    t.match(await alarmRow(server, waiting.id), { status: 3 })
    t.match(await requestsOf(server, waiting.id), [{ reason: 'opted-out' }])
    const [call] = state.calls({ to: number })
    t.match(call!.transcript.map((line) => line.text ?? '').join('\n'), /To stop these calls, press 9\.[\s\S]*You will not receive any more calls or messages from/)
  })

  const smsGatewayNumber = async () => {
    const [gw] = await query(server, 'select from_number from sms_gateway where id = 1')
    return gw.from_number as string
  }

  const textReminder = async (number: string) => {
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(200).toISOString(), alarm_phonenumber: number,
      sms_template: 'Your appointment is tomorrow. Reply 1 to confirm, 2 to cancel, 3 to reschedule.',
      url_confirm: `${base}/confirm/${number}`, url_cancel: `${base}/cancel/${number}`,
    })
    t.match(await settled(server, a.id), { status: 5, result: 0 }, 'the text was delivered')
    return a
  }

  t.test('a two-way text reminder: "1" confirms, "2" cancels, "R" reschedules, with the webhooks fired', async (t) => {
    const to = await smsGatewayNumber()
    const confirmed = await textReminder('+15557600011')
    const sent = await text(server, '+15557600011', to, '1')
    t.notMatch(sent.twiml, /<Message>/)
    const reply = await lastInbound(server, '+15557600011')
    const [attempt] = await requestsOf(server, confirmed.id)
    t.match(reply, { body: '1', matched: 'reply', alarm_request_id: attempt.id })
    t.match(await alarmRow(server, confirmed.id), { result: 1, status: 5 })
    await eventually(async () => hits.includes('/confirm/+15557600011') || null, 20_000)

    const cancelled = await textReminder('+15557600012')
    await text(server, '+15557600012', to, ' 2 ')
    t.match(await alarmRow(server, cancelled.id), { result: 2 })
    await eventually(async () => hits.includes('/cancel/+15557600012') || null, 20_000)
    t.match(await lastInbound(server, '+15557600012'), { matched: 'reply' })

    const rescheduled = await textReminder('+15557600013')
    await text(server, '+15557600013', to, 'r')
    t.match(await alarmRow(server, rescheduled.id), { result: 3 })
    t.equal(hits.filter((h) => h === '/confirm/+15557600011').length, 1, 'url_confirm once')

    // A second answer to the same reminder finds nothing outstanding: stored, not applied.
    await text(server, '+15557600011', to, '2')
    t.match(await lastInbound(server, '+15557600011'), { matched: 'unmatched', alarm_request_id: null })
    t.match(await alarmRow(server, confirmed.id), { result: 1 }, 'the first answer stands')
    t.notOk(hits.includes('/cancel/+15557600011'))
  })

  t.test('a reply with no outstanding reminder is stored unmatched and listed', async (t) => {
    const to = await smsGatewayNumber()
    await text(server, '+15557600021', to, '1')
    const reply = await lastInbound(server, '+15557600021')
    t.match(reply, { body: '1', matched: 'unmatched', alarm_request_id: null, status: 'received' })
    const listed = await server.call({ method: 'GET', url: '/rest-api/sms-message/?matched=unmatched', as: 'admin' })
    t.equal(listed.statusCode, 200)
    t.ok(listed.json().results.some((m: any) => m.id === reply.id && m.from_number === '+15557600021'))
  })
})
