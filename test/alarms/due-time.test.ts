// Expectations are UTC instants, so the suite passes whatever the host TZ (run it with TZ=Pacific/Auckland too).
import { DateTime } from 'luxon'
import t from 'tap'
import { dueTime, isExpired, nextWindowOpening, type DailyWindow } from '../../src/alarms/due-time.js'

const at = (iso: string) => new Date(iso)
const local = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).toJSDate()
const berlin = (iso: string) => local('Europe/Berlin', iso)
const office: DailyWindow = { dailyStart: '09:00:00', dailyStop: '20:00:00', timezone: 'Europe/Berlin' }
const night: DailyWindow = { dailyStart: '21:00:00', dailyStop: '06:00:00', timezone: 'Europe/Berlin' }
const open = (instant: Date, window: DailyWindow) => nextWindowOpening(instant, window).toISOString()

t.test('inside the window: the instant itself, both edges included', async (t) => {
  for (const wall of ['2025-06-10T12:00', '2025-06-10T09:00:00', '2025-06-10T20:00:00', '2025-06-10T20:00:00.999']) {
    const instant = berlin(wall)
    t.equal(nextWindowOpening(instant, office), instant, wall)
  }
})

t.test('before the opening: the same day; after the close: the next day', async (t) => {
  t.equal(open(berlin('2025-06-10T07:00'), office), '2025-06-10T07:00:00.000Z', '09:00 CEST')
  t.equal(open(berlin('2025-06-10T08:59:59.999'), office), '2025-06-10T07:00:00.000Z')
  t.equal(open(berlin('2025-06-10T20:00:01'), office), '2025-06-11T07:00:00.000Z')
  t.equal(open(berlin('2025-06-10T23:30'), office), '2025-06-11T07:00:00.000Z')
  t.equal(open(berlin('2025-06-11T00:00'), office), '2025-06-11T07:00:00.000Z', 'just after midnight: the same day')
})

t.test('a window crossing midnight, on both sides of it', async (t) => {
  for (const wall of ['2025-06-10T21:00', '2025-06-10T23:00', '2025-06-11T00:00', '2025-06-11T03:00', '2025-06-11T06:00:00']) {
    const instant = berlin(wall)
    t.equal(nextWindowOpening(instant, night), instant, `${wall} is open`)
  }
  t.equal(open(berlin('2025-06-11T06:00:01'), night), '2025-06-11T19:00:00.000Z', 'morning: tonight at 21:00')
  t.equal(open(berlin('2025-06-11T12:00'), night), '2025-06-11T19:00:00.000Z')
  t.equal(open(berlin('2025-06-11T20:59:59'), night), '2025-06-11T19:00:00.000Z')
})

t.test('always open: equal start and stop, or the whole day', async (t) => {
  const instant = at('2025-06-10T01:23:45Z')
  t.equal(nextWindowOpening(instant, { ...office, dailyStart: '08:00:00', dailyStop: '08:00:00' }), instant)
  t.equal(nextWindowOpening(instant, { ...office, dailyStart: '00:00:00', dailyStop: '23:59:59' }), instant)
  t.equal(nextWindowOpening(at('2025-06-10T21:59:59.500Z'), { ...office, dailyStart: '00:00:00', dailyStop: '23:59:59' }).toISOString(),
    '2025-06-10T21:59:59.500Z', 'the last half second of the local day too')
  t.equal(open(berlin('2025-06-10T07:00'), { ...office, dailyStart: '09:00' }), '2025-06-10T07:00:00.000Z', 'HH:MM accepted')
})

t.test('Europe/Berlin DST days', async (t) => {
  t.equal(open(berlin('2025-03-29T21:00'), office), '2025-03-30T07:00:00.000Z', 'spring: 09:00 CEST the morning after')
  t.equal(open(berlin('2025-10-25T22:00'), office), '2025-10-26T08:00:00.000Z', 'autumn: 09:00 CET the morning after')
  const early = { ...office, dailyStart: '02:30:00', dailyStop: '05:00:00' }
  t.equal(open(at('2025-03-30T00:50:00Z'), early), '2025-03-30T01:30:00.000Z', 'an opening in the gap moves to 03:30 CEST')
  t.equal(open(at('2025-03-30T01:10:00Z'), early), '2025-03-30T01:30:00.000Z', '03:10 CEST is before that opening')
  t.equal(nextWindowOpening(at('2025-03-30T02:59:59Z'), early).toISOString(), '2025-03-30T02:59:59.000Z', '04:59:59 CEST open')
  t.equal(open(at('2025-10-25T23:00:00Z'), early), '2025-10-26T00:30:00.000Z', 'autumn: the first 02:30 (CEST)')
  const swallowed = { ...office, dailyStart: '02:30:00', dailyStop: '03:15:00' }
  t.equal(open(at('2025-03-30T00:00:00Z'), swallowed), '2025-03-31T00:30:00.000Z', 'a window the gap swallows opens the next day')
  t.equal(nextWindowOpening(berlin('2025-03-30T05:30'), night).toISOString(), '2025-03-30T03:30:00.000Z', 'overnight window across the change')
  t.equal(open(berlin('2025-03-30T06:00:01'), night), '2025-03-30T19:00:00.000Z', '21:00 CEST that evening')
})

t.test('Australia/Sydney DST days', async (t) => {
  const sydney: DailyWindow = { dailyStart: '09:00:00', dailyStop: '17:00:00', timezone: 'Australia/Sydney' }
  t.equal(open(at('2025-10-04T08:00:00Z'), sydney), '2025-10-04T22:00:00.000Z', 'spring (October): 09:00 AEDT')
  t.equal(open(at('2025-04-05T07:00:00Z'), sydney), '2025-04-05T23:00:00.000Z', 'autumn (April): 09:00 AEST')
  t.equal(open(at('2025-10-04T14:00:00Z'), { ...sydney, dailyStart: '02:30:00' }), '2025-10-04T16:30:00.000Z', '02:30 → 03:30 AEDT')
})

t.test('a zone that skipped a whole local day (Samoa, 30 Dec 2011)', async (t) => {
  const apia: DailyWindow = { dailyStart: '09:00:00', dailyStop: '17:00:00', timezone: 'Pacific/Apia' }
  t.equal(open(at('2011-12-30T07:00:00Z'), apia), '2011-12-30T19:00:00.000Z', '29 Dec 21:00 → 31 Dec 09:00 (+14:00)')
})

t.test('dueTime: date_start_notice − advance_notice, then the window', async (t) => {
  const alarm = { dateStartNotice: berlin('2025-06-10T10:00'), advanceNotice: 0, ...office }
  t.equal(dueTime(alarm).toISOString(), '2025-06-10T08:00:00.000Z', 'no advance notice')
  t.equal(dueTime({ ...alarm, advanceNotice: 3600 }).toISOString(), '2025-06-10T07:00:00.000Z', 'one hour before, in the window')
  t.equal(dueTime({ ...alarm, advanceNotice: 7200 }).toISOString(), '2025-06-10T07:00:00.000Z', '08:00 waits for 09:00')
  t.equal(dueTime({ ...alarm, advanceNotice: 86_400 }).toISOString(), '2025-06-09T08:00:00.000Z', 'a day before')
  t.equal(dueTime({ ...alarm, dateStartNotice: berlin('2025-06-10T08:00'), advanceNotice: 43_200 }).toISOString(),
    '2025-06-09T18:00:00.000Z', '20:00 the evening before is still open')
  t.equal(dueTime({ ...alarm, dateStartNotice: berlin('2025-03-30T10:00'), advanceNotice: 86_400 }).toISOString(),
    '2025-03-29T08:00:00.000Z', 'advance notice is real seconds: 24 h before 10:00 CEST is 09:00 CET')
  t.equal(dueTime({ ...alarm, dateStartNotice: at('2025-06-10T08:00:00.500Z') }).toISOString(), '2025-06-10T08:00:00.500Z')
  t.throws(() => dueTime({ ...alarm, advanceNotice: -1 }), RangeError)
  t.throws(() => dueTime({ ...alarm, advanceNotice: Number.NaN }), RangeError)
  t.throws(() => dueTime({ ...alarm, dailyStart: '9am' }), { message: 'dailyStart "9am" is not a time of day HH:MM:SS' })
  t.throws(() => dueTime({ ...alarm, dailyStop: '24:00:00' }), RangeError)
  t.throws(() => dueTime({ ...alarm, timezone: 'Mars/Olympus' }), RangeError)
  t.throws(() => dueTime({ ...alarm, dateStartNotice: new Date(Number.NaN) }), RangeError)
})

t.test('isExpired: past the staleness limit, or the event has started', async (t) => {
  const due = at('2025-06-10T08:00:00Z')
  const eventStart = at('2025-06-10T10:00:00Z')
  const check = (now: string, extra: Partial<Parameters<typeof isExpired>[0]> = {}) =>
    isExpired({ due, now: at(now), eventStart, staleAfterSeconds: 3600, ...extra })
  t.equal(check('2025-06-10T07:00:00Z'), false, 'not yet due')
  t.equal(check('2025-06-10T08:00:00Z'), false, 'due now')
  t.equal(check('2025-06-10T09:00:00Z'), false, 'exactly at the limit is still on time')
  t.equal(check('2025-06-10T09:00:00.001Z'), true, 'past the limit')
  t.equal(check('2025-06-10T09:30:00Z', { staleAfterSeconds: 7200 }), false)
  t.equal(check('2025-06-10T09:59:59.999Z', { staleAfterSeconds: 86_400 }), false, 'just before the event')
  t.equal(check('2025-06-10T10:00:00Z', { staleAfterSeconds: 86_400 }), true, 'the event has started')
  t.equal(check('2025-06-10T12:00:00Z', { staleAfterSeconds: 86_400, eventStart: null }), false, 'no event start known')
  t.equal(isExpired({ due: at('2025-06-10T11:00:00Z'), now: at('2025-06-10T10:30:00Z'), eventStart, staleAfterSeconds: 3600 }), true,
    'a window that pushed the call past the event start: expired once the event starts')
})

t.test('a window from midnight or to 23:59:59 alone is not the whole day', async (t) => {
  t.equal(open(berlin('2025-06-10T21:00'), { ...office, dailyStart: '00:00:00' }), '2025-06-10T22:00:00.000Z', 'after 20:00: midnight')
  t.equal(open(berlin('2025-06-10T07:00'), { ...office, dailyStop: '23:59:59' }), '2025-06-10T07:00:00.000Z', 'before 09:00: 09:00')
})

// Santiago, 6 April 2025: at 03:00Z midnight (-03) goes back to 23:00 (-04) on the 5th, so 23:00–24:00 happens twice.
t.test('the whole day is open even in an hour that happens twice at midnight', async (t) => {
  const santiago: DailyWindow = { dailyStart: '00:00:00', dailyStop: '23:59:59', timezone: 'America/Santiago' }
  const secondPass = at('2025-04-06T03:30:00Z') // 23:30 -04, the second 23:30 of 5 April
  t.equal(nextWindowOpening(secondPass, santiago), secondPass)
  t.equal(open(secondPass, { ...santiago, dailyStart: '00:00:01' }), '2025-04-06T04:00:01.000Z',
    'a window one second short of the whole day opens after that hour')
})

t.test('a window that the gap shrinks to nothing opens the next day', async (t) => {
  // 02:30 → 03:30 CEST and 03:29:59 + 1 s is 03:30 CEST too: an empty window that day.
  const empty = { ...office, dailyStart: '02:30:00', dailyStop: '03:29:59' }
  t.equal(open(at('2025-03-30T00:00:00Z'), empty), '2025-03-31T00:30:00.000Z')
})

t.test('bad input is refused, naming the field', async (t) => {
  const alarm = { dateStartNotice: berlin('2025-06-10T10:00'), advanceNotice: 0, ...office }
  t.throws(() => nextWindowOpening(new Date(Number.NaN), office), { message: 'instant is not a valid date' })
  t.throws(() => dueTime({ ...alarm, dateStartNotice: new Date(Number.NaN) }), { message: 'dateStartNotice is not a valid date' })
  t.throws(() => dueTime({ ...alarm, advanceNotice: -1 }), { message: 'advanceNotice must be zero or more seconds, got -1' })
  t.throws(() => dueTime({ ...alarm, dailyStop: '24:00:00' }), { message: 'dailyStop "24:00:00" is not a time of day HH:MM:SS' })
  for (const text of ['09:00:00Z', '09:00:001', '09:000', '09:00 ', ' 09:00', '9:00']) {
    t.throws(() => dueTime({ ...alarm, dailyStart: text }), RangeError, `"${text}"`)
  }
  const due = at('2025-06-10T08:00:00Z')
  const check = { due, now: due, eventStart: null, staleAfterSeconds: 60 }
  t.throws(() => isExpired({ ...check, now: new Date(Number.NaN) }), { message: 'now is not a valid date' })
  t.throws(() => isExpired({ ...check, due: new Date(Number.NaN) }), { message: 'due is not a valid date' })
  t.throws(() => isExpired({ ...check, eventStart: new Date(Number.NaN) }), { message: 'eventStart is not a valid date' })
})
