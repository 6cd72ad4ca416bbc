import t from 'tap'
import { checkLanguage, sayDate, sayTime, builtinText } from '../../../src/crm/reminders/wording.js'
import { reminderTagData } from '../../../src/crm/reminders/tag-data.js'
import { callSurvey, phoneOf, receptionOf, stepDue } from '../../../src/crm/reminders/step-alarm.js'

// 2026-12-14 10:30 in Berlin is 09:30Z; in Auckland it is already the 14th 22:30.
const instant = new Date('2026-12-14T09:30:00Z')

t.test('dates and times worded in the zone and language asked for, whatever the server zone', async (t) => {
  t.equal(sayDate(instant, 'Europe/Berlin', null), 'Monday 14 December', 'no language: English, the British way')
  t.equal(sayDate(instant, 'Europe/Berlin', 'en'), 'Monday 14 December')
  t.equal(sayTime(instant, 'Europe/Berlin', 'en'), '10:30')
  t.equal(sayDate(instant, 'Europe/Berlin', 'de'), 'Montag, 14. Dezember')
  t.equal(sayTime(instant, 'Europe/Berlin', 'de'), '10:30 Uhr', 'German says the hour: "um 10:30 Uhr"')
  t.equal(sayTime(instant, 'Europe/Vienna', 'de-AT'), '10:30 Uhr')
  t.equal(sayDate(instant, 'America/New_York', 'en-US'), 'Monday, December 14')
  t.equal(sayTime(instant, 'America/New_York', 'en-US'), '4:30 AM')
  t.equal(sayDate(new Date('2026-12-14T23:30:00Z'), 'Pacific/Auckland', 'en'), 'Tuesday 15 December', 'the date of the zone, not of UTC')
})

t.test('across a daylight-saving change: the wall clock of each date', async (t) => {
  // Berlin springs forward on 2027-03-28: 09:00 is 08:00Z before, 07:00Z after.
  t.equal(sayTime(new Date('2027-03-27T08:00:00Z'), 'Europe/Berlin', 'de'), '09:00 Uhr')
  t.equal(sayTime(new Date('2027-03-29T07:00:00Z'), 'Europe/Berlin', 'de'), '09:00 Uhr')
  const start = new Date('2027-03-29T07:00:00Z')
  t.equal(stepDue(start, 2 * 1440, 'Europe/Berlin').toISOString(), '2027-03-27T08:00:00.000Z', '2 days before 09:00 is 09:00, an hour less elapsed')
  t.equal(stepDue(start, 1440 + 90, 'Europe/Berlin').toISOString(), '2027-03-28T05:30:00.000Z', 'a day on the wall clock, then 90 minutes')
  t.equal(stepDue(start, 45, 'Europe/Berlin').toISOString(), '2027-03-29T06:15:00.000Z')
})

t.test('languages are checked and canonical', async (t) => {
  t.equal(checkLanguage('language', 'de-at'), 'de-AT')
  try {
    checkLanguage('language', 'not a language')
    t.fail('a bad tag must be refused')
  } catch (err) {
    t.match(err, { statusCode: 400, fields: { language: /language tag/ } })
  }
})

t.test('built-in texts in the contact\'s language, English otherwise', async (t) => {
  t.match(builtinText('sms', 'de-AT'), /^Hallo \{first_name\}/)
  t.match(builtinText('sms', 'fr'), /^Hello \{first_name\}/)
  t.match(builtinText('subject', null), /^Reminder:/)
})

t.test('tag data from contact, appointment, organization and owner', async (t) => {
  const data = reminderTagData({
    appointment: { startDate: instant, timezone: 'Europe/Berlin', address: '' },
    contact: {
      firstName: 'Anna', lastName: 'Schmidt', language: 'de',
      addresses: [{ type: 'home', street: 'Hauptstraße', house_number: '1', postal_code: '10115', city: 'Berlin' }],
    },
    organizationName: 'Praxis Mitte',
    ownerName: 'Grace Hopper',
  })
  t.same(data, {
    first_name: 'Anna', last_name: 'Schmidt', clinic: 'Praxis Mitte', doctor: 'Grace Hopper',
    appointment_date: 'Montag, 14. Dezember', appointment_time: '10:30 Uhr', address: 'Hauptstraße 1, 10115 Berlin',
  })
  const bare = reminderTagData({
    appointment: { startDate: instant, timezone: 'UTC', address: ' Room 4 ' },
    contact: { firstName: 'Bo', lastName: '', language: null, addresses: [] },
    organizationName: 'X',
    ownerName: null,
  })
  t.match(bare, { doctor: '', last_name: '', address: 'Room 4', appointment_time: '09:30' }, 'missing values are empty, for the check to name')
})

t.test('who is called and who a patient is put through to', async (t) => {
  t.equal(phoneOf({ phones: [{ type: 'home', number: '+4930111' }, { type: 'mobile', number: '+49151222' }] }), '+49151222', 'the mobile first')
  t.equal(phoneOf({ phones: [{ type: 'home', number: '+4930111' }] }), '+4930111', 'else the first')
  t.equal(phoneOf({ phones: [] }), null)
  t.equal(receptionOf({ receptionPhone: '+4930999', phone: '030 1234567', defaultRegion: 'DE' }), '+4930999')
  t.equal(receptionOf({ receptionPhone: null, phone: '030 1234567', defaultRegion: 'DE' }), '+49301234567', "else the organization's phone")
  t.equal(receptionOf({ receptionPhone: null, phone: 'ask at the desk', defaultRegion: 'DE' }), null)
})

t.test('which survey a call step runs', async (t) => {
  const step = {
    channel: 'call', offset_minutes: 2880, only_if_unconfirmed: false, survey: null, template: null, subject: null, max_retries: 2, retry_delay: 3600,
  } as const
  const builtin = { surveyId: 1, surveyTemplateKey: 'appointment-reminder', germanSurveyId: 5 }
  t.equal(callSurvey(step, 'de', builtin), 5, 'German: the German reminder')
  t.equal(callSurvey(step, 'de-CH', builtin), 5, 'any German')
  t.equal(callSurvey(step, 'en', builtin), 1)
  t.equal(callSurvey(step, null, builtin), 1, 'no language: English')
  t.equal(callSurvey(step, 'fr', builtin), 1, 'no French reminder: English')
  t.equal(callSurvey({ ...step, survey: 9 }, 'de', builtin), 9, "the step's own survey wins")
  t.equal(callSurvey(step, 'de', { ...builtin, surveyId: 7, surveyTemplateKey: null }), 7, "an admin's own survey on the setting: for everybody")
  t.equal(callSurvey(step, 'de', { ...builtin, surveyId: 2, surveyTemplateKey: 'wake-up-call' }), 2, 'another built-in survey on the setting too')
  t.equal(callSurvey(step, 'de', { ...builtin, germanSurveyId: null }), 1, 'no German reminder sealed: the English one')
  t.equal(callSurvey(step, 'de', { surveyId: null, surveyTemplateKey: null, germanSurveyId: 5 }), null, 'no setting survey: none (refused later)')
})
