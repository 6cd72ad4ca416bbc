// An appointment reminds itself through the simulator: its call placed on time to the contact's mobile, speaking the
// CRM's data, and the answer written back (1 confirmed, 2 cancelled, 3 a new time, no answer unreachable), stopping
// or sending the other steps as it should. Due times days ahead are run at their moment by the dispatcher's clock.
import { DateTime } from 'luxon'
import t from 'tap'
import { startTestServer } from '../../helpers/build.js'
import { eventually } from '../../helpers/worker.js'
import { plannedAt, runAlarmJobAt, settled } from '../../alarms/helpers.js'
import { sayDate, sayTime } from '../../../src/crm/reminders/wording.js'
import {
  alarmOf, confirmation, DAY, getAppointment, HOUR, makeAppointment, makeContact, makePlan, query, setUpClinic, timeline, wholeSecondIn,
} from './helpers.js'

const ZONE = 'Europe/Berlin'
/** `days` on the appointment's wall clock before `start`, as the reminders count them. */
const daysBefore = (start: Date, days: number) => DateTime.fromJSDate(start, { zone: ZONE }).minus({ days }).toJSDate()

t.test('appointments remind themselves', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const { state } = server.simulator
  await setUpClinic(server)
  let n = 0
  /** A contact with a home and a mobile number; the simulated mobile answers and presses `presses`. */
  const patient = async (presses: string[], extra: Record<string, unknown> = {}) => {
    n += 1
    const mobile = `+4915100000${String(n).padStart(2, '0')}`
    state.setNumber(mobile, { behavior: 'answer', presses })
    const contact = await makeContact(server, {
      first_name: 'Ada', last_name: 'Lovelace', phones: [{ type: 'home', number: `+4930100000${n}` }, { type: 'mobile', number: mobile }], ...extra,
    })
    return { contact, mobile }
  }

  t.test('2 days and 5 minutes ahead: the call on time to the mobile, speaking the CRM; 1 confirms, notes it, stops the SMS', async (t) => {
    const { contact, mobile } = await patient(['1'])
    const start = wholeSecondIn(2 * DAY + 5 * 60_000)
    const appt = await makeAppointment(server, contact, start)
    t.match(appt, { confirmation_status: 'unconfirmed', confirmation_changed_at: null, reminders_enabled: true, reminder_plan: null })
    const callDue = daysBefore(start, 2)
    const smsDue = daysBefore(start, 1)
    const before = await timeline(server, appt.uuid)
    t.match(before.steps, [
      { channel: 'call', offset_minutes: 2880, state: 'scheduled', attempts: 0 },
      { channel: 'sms', offset_minutes: 1440, only_if_unconfirmed: true, state: 'scheduled' },
    ])
    t.equal(Date.parse(before.steps[0].due), callDue.getTime(), 'the call is due 2 days before')
    t.equal(Date.parse(before.steps[1].due), smsDue.getTime(), 'the SMS 1 day before')
    const callAlarm = await alarmOf(server, appt.uuid, 'call')
    const smsAlarm = await alarmOf(server, appt.uuid, 'sms')
    t.equal((await plannedAt(server, callAlarm))?.getTime(), callDue.getTime(), 'the scheduler has the call planned for its due time')
    t.equal((await plannedAt(server, smsAlarm))?.getTime(), smsDue.getTime(), 'and the SMS')

    await runAlarmJobAt(server, callAlarm, new Date(callDue.getTime() - 1000))
    t.equal(state.calls({ to: mobile }).length, 0, 'a second early: no call')
    await runAlarmJobAt(server, callAlarm, callDue)
    const confirmed = await confirmation(server, appt.uuid, 'confirmed')
    const calls = state.calls({ to: mobile })
    t.equal(calls.length, 1, 'one call, to the mobile (not the home number)')
    t.equal(state.calls({ to: `+4930100000${n}` }).length, 0)
    const said = calls[0]!.transcript.filter((e) => e.kind === 'say').map((e) => e.text)
    const date = sayDate(start, ZONE, null)
    const time = sayTime(start, ZONE, null)
    t.equal(said[0], 'Hello Ada. This is Mitte Clinic with a reminder about your appointment.')
    t.equal(said[1], `Your appointment with Grace Hopper is on ${date} at ${time}. To confirm, press 1. To cancel, press 2. To reschedule, press 3. To hear this again, press star. To stop these calls, press 9.`)
    t.match(date, /^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+$/, 'the date as a listener hears it ("Monday 14 December")')
    t.ok(Date.parse(confirmed.confirmation_changed_at) > 0)
    const [attempt] = await query(server, 'select date from alarm_request where alarm_id = $1', [callAlarm])
    t.equal(attempt.date.getTime(), callDue.getTime(), 'the attempt started at its due time')

    const note = confirmed.notes.find((x: any) => x.type === 2)
    const at = DateTime.fromISO(confirmed.confirmation_changed_at).setZone(ZONE).toFormat('HH:mm')
    t.equal(note?.note, `Confirmed by phone call at ${at}, attempt 1`, 'the answer is noted on the appointment')

    const after = await timeline(server, appt.uuid)
    t.match(after, { confirmation_status: 'confirmed' })
    t.match(after.steps[0], { channel: 'call', state: 'answered', result: 'confirmed', attempts: 1, reason: null })
    t.match(after.steps[0].history[0], { attempt: 1, status: 'succeeded', to: mobile, call_status: 'completed', answers: [{ node: 'ask', response: '1' }] })
    const lines = after.steps[0].history[0].transcript
    t.same(lines.filter((l: any) => l.kind === 'press'), [{ kind: 'press', text: '1' }], 'what was pressed')
    t.ok(lines.some((l: any) => l.kind === 'say' && l.text.includes(`${date} at ${time}`)), 'what was said')
    t.match(after.steps[1], { channel: 'sms', state: 'cancelled', reason: 'the appointment was confirmed', attempts: 0 })
    t.equal(await plannedAt(server, smsAlarm), undefined, 'the SMS is no longer planned')
    await runAlarmJobAt(server, smsAlarm, smsDue)
    t.equal(state.messages({ to: mobile }).length, 0, 'and never sent, even when its time comes')
    t.match((await query(server, 'select status from alarm where id = $1', [smsAlarm]))[0], { status: 7 })
  })

  t.test('2 cancels: the appointment is cancelled, noted, its SMS stopped', async (t) => {
    const { contact, mobile } = await patient(['2'])
    const start = wholeSecondIn(2 * DAY + 5 * 60_000)
    const appt = await makeAppointment(server, contact, start)
    await runAlarmJobAt(server, await alarmOf(server, appt.uuid, 'call'), daysBefore(start, 2))
    const cancelled = await confirmation(server, appt.uuid, 'cancelled')
    t.match(cancelled.notes.find((x: any) => x.type === 2)?.note, /^Cancelled by phone call at \d\d:\d\d, attempt 1$/)
    const steps = (await timeline(server, appt.uuid)).steps
    t.match(steps, [{ state: 'answered', result: 'cancelled' }, { state: 'cancelled', reason: 'the appointment was cancelled' }])
    t.equal(state.messages({ to: mobile }).length, 0)
  })

  t.test('3 asks for a new time: put through to the reception, noted; an SMS meant for the unconfirmed is skipped when due', async (t) => {
    const { contact, mobile } = await patient(['3'])
    const plan = await makePlan(server, [
      { channel: 'call', offset_minutes: 2880 },
      { channel: 'sms', offset_minutes: 1440, only_if_unconfirmed: true },
      { channel: 'sms', offset_minutes: 60, template: 'See you at {appointment_time}, {first_name}.' },
    ])
    const start = wholeSecondIn(2 * DAY + 5 * 60_000)
    const appt = await makeAppointment(server, contact, start, { reminder_plan: plan.uuid })
    t.equal(appt.reminder_plan, plan.uuid)
    await runAlarmJobAt(server, await alarmOf(server, appt.uuid, 'call'), daysBefore(start, 2))
    const asked = await confirmation(server, appt.uuid, 'reschedule_requested')
    t.match(asked.notes.find((x: any) => x.type === 2)?.note, /^New time requested by phone call at \d\d:\d\d, attempt 1$/)
    const call = state.calls({ to: mobile })[0]!
    t.ok(call.transcript.some((e) => e.kind === 'dial' && e.number === '+49305550000'), 'put through to the reception number')
    let steps = (await timeline(server, appt.uuid)).steps
    t.match(steps[0], { state: 'answered', result: 'reschedule_requested' })
    t.ok(steps[0].history[0].transcript.some((l: any) => l.kind === 'transfer' && l.text === '+49305550000'))
    t.match(steps.slice(1), [{ state: 'scheduled' }, { state: 'scheduled' }], 'a new time asked for stops nothing by itself')
    const [, onlyUnconfirmed, plain] = await query(server, 'select alarm_id from reminder r join appointment a on a.id = r.appointment_id where a.uuid = $1 order by r.step', [appt.uuid])
    await runAlarmJobAt(server, onlyUnconfirmed.alarm_id, daysBefore(start, 1))
    steps = (await timeline(server, appt.uuid)).steps
    t.match(steps[1], { state: 'skipped', reason: /only while the appointment is unconfirmed/ }, 'checked when it came due')
    await runAlarmJobAt(server, plain.alarm_id, new Date(start.getTime() - HOUR))
    await settled(server, plain.alarm_id)
    const texts = state.messages({ to: mobile })
    t.equal(texts.length, 1, 'the step for everyone still went')
    t.equal(texts[0]!.body, `See you at ${sayTime(start, ZONE, null)}, Ada.`)
  })

  t.test('busy until the last retry: unreachable, and the SMS step sent in the contact\'s language', async (t) => {
    const { contact, mobile } = await patient([], { language: 'de' })
    state.setNumber(mobile, { behavior: 'busy' })
    const plan = await makePlan(server, [
      { channel: 'call', offset_minutes: 2880, max_retries: 2, retry_delay: 1 },
      { channel: 'sms', offset_minutes: 1440, only_if_unconfirmed: true },
    ])
    const start = wholeSecondIn(2 * DAY + 5 * 60_000)
    const appt = await makeAppointment(server, contact, start, { reminder_plan: plan.uuid })
    const callAlarm = await alarmOf(server, appt.uuid, 'call')
    await runAlarmJobAt(server, callAlarm, daysBefore(start, 2))
    const unreachable = await confirmation(server, appt.uuid, 'unreachable')
    t.match(unreachable.notes.find((x: any) => x.type === 2)?.note, /^Unreachable by phone call at \d\d:\d\d, after 3 attempts$/)
    t.equal(state.calls({ to: mobile }).length, 3, 'the first call and both retries')
    let steps = (await timeline(server, appt.uuid)).steps
    t.match(steps[0], { state: 'failed', attempts: 3, reason: 'the line was busy' })
    t.same(steps[0].history.map((h: any) => [h.status, h.failure_reason]), [['retry', 'the line was busy'], ['retry', 'the line was busy'], ['failed', 'the line was busy']])
    await runAlarmJobAt(server, await alarmOf(server, appt.uuid, 'sms'), daysBefore(start, 1))
    await eventually(async () => (await timeline(server, appt.uuid)).steps[1].state === 'delivered', 20_000)
    const [text] = state.messages({ to: mobile })
    t.equal(text!.body, `Hallo Ada, wir erinnern Sie an Ihren Termin bei Grace Hopper in Mitte Clinic am ${sayDate(start, ZONE, 'de')} um ${sayTime(start, ZONE, 'de')}. Bitte rufen Sie uns an, falls Sie nicht kommen können.`)
    steps = (await timeline(server, appt.uuid)).steps
    t.match(steps[1], { state: 'delivered', attempts: 1, history: [{ status: 'succeeded', to: mobile, message_status: 'delivered', text: text!.body }] })
    t.equal((await getAppointment(server, appt.uuid)).confirmation_status, 'unreachable', 'a text delivered is no answer')
  })

  t.test('steps already past: sent at once while the appointment is more than an hour away, else skipped with the reason', async (t) => {
    const { contact, mobile } = await patient(['1'])
    const soon = await makeAppointment(server, contact, wholeSecondIn(3 * HOUR))
    await confirmation(server, soon.uuid, 'confirmed')
    t.equal(state.calls({ to: mobile }).length, 1, 'the call 2 days before went at once')
    const steps = (await timeline(server, soon.uuid)).steps
    t.match(steps[0], { channel: 'call', state: 'answered' })
    t.ok(Math.abs(Date.parse(steps[0].due) - Date.parse(soon.start_date) + 3 * HOUR) < 60_000, 'due when it was created')

    const late = await patient(['1'])
    const tooSoon = await makeAppointment(server, late.contact, wholeSecondIn(30 * 60_000))
    const skipped = (await timeline(server, tooSoon.uuid)).steps
    t.match(skipped, [
      { channel: 'call', state: 'skipped', reason: 'it was already due, and the appointment less than an hour away', alarm: null },
      { channel: 'sms', state: 'skipped', reason: 'it was already due, and the appointment less than an hour away', alarm: null },
    ])
    t.equal(state.calls({ to: late.mobile }).length, 0)
  })
})
