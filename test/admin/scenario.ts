// A clinic's week in miniature, driven through the real API, worker and carrier simulator (no rows written by hand):
// what the admin UI tests and the browser tests look at.
import type { TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, settled, type TestCalendar } from '../alarms/helpers.js'
import { login, post } from './helpers.js'

export interface Scenario {
  cal: TestCalendar
  /** a calendar whose calendar user has no calendar setting: its calls cannot start */
  mitte: TestCalendar & { name: string }
  events: { confirmed: number; busy: number; optedOut: number; noLine: number; fallback: number; text: number }
  alarms: { confirmed: number; busy: number; optedOut: number; noLine: number; fallback: number; text: number }
  numbers: { confirmed: string; busy: string; optedOut: string; noLine: string; fallback: string; fallbackText: string; text: string }
}

const ADA = { first_name: 'Ada', last_name: 'Lovelace', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }

async function expectOk(res: { statusCode: number; body: string; json(): any }, status: number): Promise<any> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
  return res.json()
}

/**
 * A calendar named Mitte whose voice line is taken away after its reminder was scheduled (the calendar user's
 * calendar setting removed): the API refuses reminders that cannot start, so only a later change leaves one that way.
 */
async function calendarLosingItsLine(server: TestServer): Promise<TestCalendar & { name: string; profileUrl: string }> {
  const cal = await makeCalendar(server)
  await expectOk(await server.call({ method: 'PATCH', url: `/rest-api/calendar/${cal.calendarId}/`, as: cal.manager, payload: { name: 'Mitte' } }), 200)
  return { ...cal, name: 'Mitte', profileUrl: `/rest-api/calendar-user-profile/${cal.calendarUserId}/` }
}

/**
 * Six reminders, each ending differently: confirmed on the phone; busy with a retry planned in an hour; a number on
 * the do-not-contact list; a calendar with no voice line; no answer with the fallback text; an SMS reminder.
 */
export async function runScenario(server: TestServer): Promise<Scenario> {
  const { state } = server.simulator
  const pid = String(process.pid % 10000).padStart(4, '0')
  const numbers = {
    confirmed: `+1555${pid}101`, busy: `+1555${pid}102`, optedOut: `+1555${pid}103`, noLine: `+1555${pid}104`,
    fallback: `+1555${pid}105`, fallbackText: `+1555${pid}106`, text: `+1555${pid}107`,
  }
  const cal = await makeCalendar(server)
  const mitte = await calendarLosingItsLine(server)
  state.setNumber(numbers.confirmed, { behavior: 'answer', presses: ['1'] })
  state.setNumber(numbers.busy, { behavior: 'busy' })
  state.setNumber(numbers.fallback, { behavior: 'no-answer' })
  const admin = await login(server.app, 'admin')
  const dnc = await post(server.app, admin, '/admin/do-not-contact', { phone_number: numbers.optedOut, reason: 'asked on the phone' })
  if (dnc.statusCode !== 303) throw new Error(`do-not-contact: ${dnc.statusCode}`)

  const event = async (c: { manager: string; calendarId: number }, title: string, data: Record<string, unknown>) =>
    (await makeEvent(server, c as TestCalendar, { title, data: { ...ADA, ...data } })).id as number
  const soon = () => inMs(300).toISOString()
  const events = {
    confirmed: await event(cal, 'Check-up', {}),
    busy: await event(cal, 'Dental cleaning', { first_name: 'Grace', last_name: 'Hopper' }),
    optedOut: await event(cal, 'Eye test', { first_name: 'Alan', last_name: 'Turing' }),
    noLine: await event(mitte, 'Physiotherapy', { first_name: 'Emmy', last_name: 'Noether' }),
    fallback: await event(cal, 'Blood test', { first_name: 'Kurt', last_name: 'Gödel' }),
    text: await event(cal, 'Vaccination', { first_name: 'Lise', last_name: 'Meitner' }),
  }
  const alarm = async (c: { manager: string }, payload: Record<string, unknown>) => (await makeAlarm(server, c as TestCalendar, payload)).id as number
  const alarms = {
    confirmed: await alarm(cal, { event: events.confirmed, date_start_notice: soon(), alarm_phonenumber: numbers.confirmed }),
    busy: await alarm(cal, { event: events.busy, date_start_notice: soon(), alarm_phonenumber: numbers.busy, maxretry: 2, retry_delay: 3000 }),
    optedOut: await alarm(cal, { event: events.optedOut, date_start_notice: soon(), alarm_phonenumber: numbers.optedOut }),
    fallback: await alarm(cal, {
      event: events.fallback, date_start_notice: soon(), alarm_phonenumber: numbers.fallback, phonenumber_sms_failure: numbers.fallbackText,
    }),
    text: await alarm(cal, { event: events.text, method: 2, date_start_notice: soon(), alarm_phonenumber: numbers.text, sms_template: 'Hi {first_name}, see you soon.' }),
    // Due in a few seconds: time enough to take the line away (next) first.
    noLine: await alarm(mitte, { event: events.noLine, date_start_notice: inMs(8000).toISOString(), alarm_phonenumber: numbers.noLine }),
  }
  await expectOk(await server.call({ method: 'PATCH', url: mitte.profileUrl, as: mitte.manager, payload: { calendar_setting: null } }), 200)
  await Promise.all([
    settled(server, alarms.confirmed, [5], 30_000),
    eventually(async () => (await requestsOf(server, alarms.busy))[0]?.status === 4, 30_000),
    settled(server, alarms.optedOut, [3], 30_000),
    settled(server, alarms.noLine, [3], 30_000),
    settled(server, alarms.fallback, [3], 30_000),
    settled(server, alarms.text, [5], 30_000),
  ])
  // The fallback text is queued with the failure; wait until the carrier has it delivered.
  await eventually(async () => (await query(server, `select status from sms_message where to_number = $1`, [numbers.fallbackText]))[0]?.status === 'delivered', 30_000)
  return { cal, mitte, events, alarms, numbers }
}
