// A reminder call speaks the contact's language: a German-speaking contact hears the built-in German reminder (while
// the reminders calendar setting still names the built-in English one), everybody else the English one; a step's own
// survey, or an admin's own survey on that setting, is kept for everybody; and a contact's new language reaches the
// calls still to come. Calls go through the simulator; the alarm's survey is read from the database.
import { DateTime } from 'luxon'
import t from 'tap'
import { startTestServer } from '../../helpers/build.js'
import { runAlarmJobAt } from '../../alarms/helpers.js'
import { sayDate, sayTime } from '../../../src/crm/reminders/wording.js'
import { alarmOf, confirmation, DAY, makeAppointment, makeContact, makePlan, query, setUpClinic, timeline, wholeSecondIn } from './helpers.js'

const ZONE = 'Europe/Berlin'
const twoDaysBefore = (start: Date) => DateTime.fromJSDate(start, { zone: ZONE }).minus({ days: 2 }).toJSDate()

t.test('a reminder call in the contact\'s language', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const { state } = server.simulator
  await setUpClinic(server)
  const surveyOf = async (key: string) => (await query(server, 'select id from sealed_survey where template_key = $1', [key]))[0]!.id as number
  const english = await surveyOf('appointment-reminder')
  const german = await surveyOf('appointment-reminder-de')
  t.equal(english, 1, 'sealed-survey 1 is still the English reminder')
  t.not(german, english)

  let n = 0
  /** A contact whose simulated mobile answers and presses `presses`. */
  const patient = async (presses: string[], extra: Record<string, unknown> = {}) => {
    n += 1
    const mobile = `+4915130000${String(n).padStart(2, '0')}`
    state.setNumber(mobile, { behavior: 'answer', presses })
    const contact = await makeContact(server, { first_name: 'Jana', last_name: 'Schmidt', phones: [{ type: 'mobile', number: mobile }], ...extra })
    return { contact, mobile }
  }
  const callSurvey = async (uuid: string) =>
    (await query(server, 'select survey_id from alarm where id = $1', [await alarmOf(server, uuid, 'call')]))[0]!.survey_id as number
  /** Runs the appointment's call step when due and returns what the callee heard, once the answer is written back. */
  const heard = async (appt: { uuid: string }, start: Date, mobile: string, status: string) => {
    await runAlarmJobAt(server, await alarmOf(server, appt.uuid, 'call'), twoDaysBefore(start))
    await confirmation(server, appt.uuid, status)
    const calls = state.calls({ to: mobile })
    t.equal(calls.length, 1, 'one call')
    return calls[0]!.transcript.filter((e) => e.kind === 'say').map((e) => e.text)
  }

  t.test('a German contact hears the German reminder, with the date in German; 1 confirms', async (t) => {
    const { contact, mobile } = await patient(['1'], { language: 'de' })
    const start = wholeSecondIn(2 * DAY + 5 * 60_000)
    const appt = await makeAppointment(server, contact, start)
    t.equal(await callSurvey(appt.uuid), german, 'the call step runs the German reminder')
    const said = await heard(appt, start, mobile, 'confirmed')
    const date = sayDate(start, ZONE, 'de')
    const time = sayTime(start, ZONE, 'de')
    t.match(date, /^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. \S+$/, 'a German date ("Dienstag, 1. Dezember")')
    t.same(said, [
      'Guten Tag Jana. Hier ist Mitte Clinic mit einer Erinnerung an Ihren Termin.',
      `Ihr Termin bei Grace Hopper ist am ${date} um ${time}. Zum Bestätigen drücken Sie die 1. Zum Absagen drücken Sie die 2. Für einen neuen Termin drücken Sie die 3. Zum Wiederholen drücken Sie die Sterntaste. Wenn Sie keine weiteren Anrufe wünschen, drücken Sie die 9.`,
      'Vielen Dank. Ihr Termin ist bestätigt. Wir freuen uns auf Sie. Auf Wiederhören.',
    ])
    const [placed] = await query(server, 'select context from call where to_number = $1', [mobile])
    t.same(placed.context.tts, { language: 'de-DE', voice: 'Polly.Vicki' }, 'spoken by a German voice')
    const steps = (await timeline(server, appt.uuid)).steps
    t.match(steps[0], { channel: 'call', state: 'answered', result: 'confirmed', attempts: 1 })
    t.match(steps[0].history[0], { answers: [{ node: 'ask', response: '1' }] }, 'the German survey\'s answer, as the English one\'s')
    t.match(steps[1], { channel: 'sms', state: 'cancelled', reason: 'the appointment was confirmed' })
  })

  t.test('a regional German (de-CH) counts as German; 2 cancels in German', async (t) => {
    const { contact, mobile } = await patient(['2'], { language: 'de-CH' })
    const start = wholeSecondIn(2 * DAY + 5 * 60_000)
    const appt = await makeAppointment(server, contact, start)
    t.equal(await callSurvey(appt.uuid), german)
    const said = await heard(appt, start, mobile, 'cancelled')
    t.equal(said.at(-1), 'Ihr Termin wurde abgesagt. Vielen Dank für Ihre Nachricht. Auf Wiederhören.')
  })

  t.test('an English contact, and one without a language, hear the English reminder', async (t) => {
    for (const language of ['en', null]) {
      const { contact, mobile } = await patient(['1'], { language })
      const start = wholeSecondIn(2 * DAY + 5 * 60_000)
      const appt = await makeAppointment(server, contact, start)
      t.equal(await callSurvey(appt.uuid), english, `language ${language}: the English reminder`)
      const said = await heard(appt, start, mobile, 'confirmed')
      t.equal(said[0], 'Hello Jana. This is Mitte Clinic with a reminder about your appointment.')
      t.equal(said[1]!.startsWith(`Your appointment with Grace Hopper is on ${sayDate(start, ZONE, language)} at `), true)
      t.equal(said.at(-1), 'Thank you. Your appointment is confirmed. We look forward to seeing you. Goodbye.')
      const [placed] = await query(server, 'select context from call where to_number = $1', [mobile])
      t.equal(placed.context.tts.language, 'en-US', 'spoken by the English voice')
    }
  })

  t.test('a step with its own survey keeps it, whatever the contact\'s language', async (t) => {
    const plan = await makePlan(server, [{ channel: 'call', offset_minutes: 2880, survey: `http://x/rest-api/sealed-survey/${english}/` }])
    const { contact, mobile } = await patient(['1'], { language: 'de' })
    const start = wholeSecondIn(2 * DAY + 5 * 60_000)
    const appt = await makeAppointment(server, contact, start, { reminder_plan: plan.uuid })
    t.equal(await callSurvey(appt.uuid), english, 'the step names the English reminder: it runs')
    const said = await heard(appt, start, mobile, 'confirmed')
    t.equal(said[0], 'Hello Jana. This is Mitte Clinic with a reminder about your appointment.')
  })

  t.test('a contact whose language changes to German before the call hears the German reminder, and back', async (t) => {
    const { contact, mobile } = await patient(['1'], { language: 'en' })
    const start = wholeSecondIn(3 * DAY)
    const appt = await makeAppointment(server, contact, start)
    const callAlarm = await alarmOf(server, appt.uuid, 'call')
    t.equal(await callSurvey(appt.uuid), english)
    const patch = async (language: string) =>
      (await server.call({ method: 'PATCH', url: `/contact/${contact.id}/`, as: 'manager', payload: { language } })).statusCode
    t.equal(await patch('en-GB'), 200)
    t.equal(await callSurvey(appt.uuid), english, 'another English: unchanged')
    t.equal(await patch('de'), 200)
    t.equal(await alarmOf(server, appt.uuid, 'call'), callAlarm, 'the same step, its alarm rewritten')
    t.equal(await callSurvey(appt.uuid), german, 'now the German reminder')
    t.equal(await patch('fr'), 200)
    t.equal(await callSurvey(appt.uuid), english, 'a language without a reminder of its own: English')
    t.equal(await patch('de-AT'), 200)
    const said = await heard(appt, start, mobile, 'confirmed')
    t.equal(said[0], 'Guten Tag Jana. Hier ist Mitte Clinic mit einer Erinnerung an Ihren Termin.')
    t.match(said[1], `am ${sayDate(start, ZONE, 'de-AT')} um ${sayTime(start, ZONE, 'de-AT')}.`)
  })

  t.test('an admin\'s own survey on the reminders calendar setting is kept for German contacts too', async (t) => {
    const [setting] = await query(server, `select p.calendar_setting_id as id from organization o join calendar c on c.id = o.reminder_calendar_id
      join calendar_user_profile p on p.user_id = c.user_id where o.id = 1`)
    const wakeUp = await surveyOf('wake-up-call')
    const set = async (survey: number) =>
      (await server.call({ method: 'PATCH', url: `/rest-api/calendar-setting/${setting!.id}/`, as: 'admin', payload: { survey } })).statusCode
    t.equal(await set(wakeUp), 200)
    const { contact } = await patient([], { language: 'de' })
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    t.equal(await callSurvey(appt.uuid), wakeUp, 'the setting\'s survey, not the German reminder')
    t.equal(await set(english), 200)
    const again = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    t.equal(await callSurvey(again.uuid), german, 'the built-in English reminder named again: German contacts hear the German one')
  })
})
