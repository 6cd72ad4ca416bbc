// A two-way text reminder of an appointment: the patient's "1" counts exactly like pressing 1 on the reminder call —
// the appointment is confirmed and its steps meant only for the unconfirmed stop.
import { DateTime } from 'luxon'
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { runAlarmJobAt, settled } from '../alarms/helpers.js'
import {
  alarmOf, confirmation, DAY, makeAppointment, makeContact, makePlan, query, setUpClinic, timeline, wholeSecondIn,
} from '../crm/reminders/helpers.js'

t.test('an appointment confirmed by a text reply', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  await setUpClinic(server)
  const mobile = '+4915100007701'
  const contact = await makeContact(server, { first_name: 'Ada', phones: [{ type: 'mobile', number: mobile }] })
  const plan = await makePlan(server, [
    { channel: 'sms', offset_minutes: 1440, template: 'Hello {first_name}, your appointment is on {appointment_date}. Reply 1 to confirm, 2 to cancel, 3 to reschedule.' },
    { channel: 'call', offset_minutes: 60, only_if_unconfirmed: true },
  ])
  const start = wholeSecondIn(2 * DAY)
  const appt = await makeAppointment(server, contact, start, { reminder_plan: plan.uuid })
  const smsAlarm = await alarmOf(server, appt.uuid, 'sms')
  await runAlarmJobAt(server, smsAlarm, DateTime.fromJSDate(start, { zone: 'Europe/Berlin' }).minus({ days: 1 }).toJSDate())
  await settled(server, smsAlarm)
  const [reminder] = server.simulator.state.messages({ to: mobile })
  t.match(reminder?.body, /Reply 1 to confirm/)

  const res = await server.call({ method: 'POST', url: `/simulator/numbers/${encodeURIComponent(mobile)}/sms`, as: 'admin', payload: { to: reminder!.from, body: '1' } })
  t.equal(res.statusCode, 200, res.body)
  const confirmed = await confirmation(server, appt.uuid, 'confirmed')
  t.ok(confirmed.confirmation_changed_at)
  const steps = (await timeline(server, appt.uuid)).steps
  t.match(steps, [{ channel: 'sms', state: 'delivered', result: 'confirmed' }, { channel: 'call', state: 'cancelled', reason: 'the appointment was confirmed' }])
  const [reply] = await query(server, "select * from sms_message where direction = 'inbound' and from_number = $1", [mobile])
  t.match(reply, { body: '1', matched: 'reply' })
  t.ok(reply.alarm_request_id)
})
