// Contact hours on the callee's wall clock (src/alarms/contact-hours.ts). Expectations are UTC instants, so the file
// passes whatever the host TZ (CI runs it with TZ unset and TZ=Pacific/Auckland).
import { DateTime } from 'luxon'
import t from 'tap'
import {
  contactWindow, DEFAULT_CONTACT_HOURS, isAlways, minutesOf, nextContactOpening, withinContactHours, type ContactHours,
} from '../../src/alarms/contact-hours.js'
import type { DailyWindow } from '../../src/alarms/due-time.js'

const local = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).toJSDate()
const hours = (start: string, end: string): ContactHours => ({ start, end })
const open = (instant: Date, h: ContactHours, zone: string, window: DailyWindow | null = null) => nextContactOpening(instant, h, zone, window)?.toISOString() ?? null
const NY = 'America/New_York'

t.test('the default is 08:00–21:00', async (t) => {
  t.same(DEFAULT_CONTACT_HOURS, { start: '08:00', end: '21:00' })
})

t.test('HH:MM, and 24:00 only as an end', async (t) => {
  t.equal(minutesOf('f', '00:00', false), 0)
  t.equal(minutesOf('f', '08:30', false), 510)
  t.equal(minutesOf('f', '23:59', false), 1439)
  t.equal(minutesOf('f', '24:00', true), 1440)
  t.throws(() => minutesOf('contact_hours_start', '24:00', false), /contact_hours_start "24:00" is not a time of day HH:MM$/)
  for (const bad of ['8:00', '08:60', '25:00', '24:01', '08:00:00', '', 'noon']) {
    t.throws(() => minutesOf('contact_hours_end', bad, true), /contact_hours_end .* is not a time of day HH:MM \(or 24:00\)/, bad)
  }
})

t.test('bad hours are refused naming the field', async (t) => {
  t.throws(() => isAlways(hours('24:00', '24:00')), { name: 'RangeError', message: 'contact_hours_start "24:00" is not a time of day HH:MM' })
  t.throws(() => isAlways(hours('08:00', '25:00')), { name: 'RangeError', message: 'contact_hours_end "25:00" is not a time of day HH:MM (or 24:00)' })
  t.throws(() => contactWindow(hours('24:00', '08:00'), 'UTC'), /contact_hours_start "24:00"/)
  t.throws(() => contactWindow(hours('08:00', '8:00'), 'UTC'), /contact_hours_end "8:00"/)
  t.throws(() => nextContactOpening(new Date(0), hours('x', '21:00'), 'UTC', null), /contact_hours_start "x"/)
})

t.test('always: 00:00–24:00, or a span that starts where it ends', async (t) => {
  t.ok(isAlways(hours('00:00', '24:00')))
  t.ok(isAlways(hours('00:00', '00:00')))
  t.ok(isAlways(hours('08:00', '08:00')))
  t.notOk(isAlways(hours('08:00', '21:00')))
  t.notOk(isAlways(hours('00:00', '23:59')))
  t.notOk(isAlways(hours('00:01', '24:00')))
  const any = local('Europe/Berlin', '2025-06-10T03:17:00')
  t.equal(open(any, hours('00:00', '24:00'), 'Europe/Berlin'), any.toISOString())
  t.same(contactWindow(hours('00:00', '24:00'), 'UTC'), { dailyStart: '00:00:00', dailyStop: '00:00:00', timezone: 'UTC' })
})

t.test('as a daily window: the end is exclusive', async (t) => {
  t.same(contactWindow(hours('08:00', '21:00'), NY), { dailyStart: '08:00:00', dailyStop: '20:59:59', timezone: NY })
  t.same(contactWindow(hours('08:30', '24:00'), NY), { dailyStart: '08:30:00', dailyStop: '23:59:59', timezone: NY })
  t.same(contactWindow(hours('22:00', '06:00'), NY), { dailyStart: '22:00:00', dailyStop: '05:59:59', timezone: NY })
  t.same(contactWindow(hours('22:00', '00:00'), NY), { dailyStart: '22:00:00', dailyStop: '23:59:59', timezone: NY })
  const d = hours('08:00', '21:00')
  t.ok(withinContactHours(local(NY, '2025-06-10T08:00:00'), d, NY), '08:00 is inside')
  t.ok(withinContactHours(local(NY, '2025-06-10T20:59:59.999'), d, NY), 'the last instant before 21:00 is inside')
  t.notOk(withinContactHours(local(NY, '2025-06-10T21:00:00'), d, NY), '21:00 is outside')
  t.notOk(withinContactHours(local(NY, '2025-06-10T07:59:59.999'), d, NY))
})

t.test('23:00 on the callee\'s clock waits for 08:00 there, whatever the clinic\'s or the server\'s zone', async (t) => {
  const d = DEFAULT_CONTACT_HOURS
  t.equal(open(local(NY, '2025-06-10T23:00'), d, NY), '2025-06-11T12:00:00.000Z', '08:00 EDT')
  t.equal(open(local(NY, '2025-01-10T23:00'), d, NY), '2025-01-11T13:00:00.000Z', '08:00 EST')
  t.equal(open(local(NY, '2025-06-10T06:00'), d, NY), '2025-06-10T12:00:00.000Z', 'early morning: the same day')
  const inside = local(NY, '2025-06-10T12:00')
  t.equal(open(inside, d, NY), inside.toISOString(), 'inside: at once')
  // 16:00 in New York is 22:00 in Berlin: the callee's zone decides.
  const afternoon = local(NY, '2025-06-10T16:00')
  t.equal(open(afternoon, d, NY), afternoon.toISOString(), 'a callee in New York: at once')
  t.equal(open(afternoon, d, 'Europe/Berlin'), '2025-06-11T06:00:00.000Z', 'a callee in Berlin: 08:00 CEST')
})

t.test('daylight saving time, northern hemisphere (New York)', async (t) => {
  const d = DEFAULT_CONTACT_HOURS
  // 2025-03-09: 02:00 EST → 03:00 EDT. The night before the change, 08:00 is EDT.
  t.equal(open(local(NY, '2025-03-08T22:00'), d, NY), '2025-03-09T12:00:00.000Z', 'spring forward: 08:00 EDT')
  // 2025-11-02: 02:00 EDT → 01:00 EST.
  t.equal(open(local(NY, '2025-11-01T22:00'), d, NY), '2025-11-02T13:00:00.000Z', 'fall back: 08:00 EST')
  const late = hours('01:30', '03:00')
  t.equal(open(DateTime.fromISO('2025-11-02T04:00:00Z').toJSDate(), late, NY), '2025-11-02T05:30:00.000Z', 'an ambiguous 01:30 opens at the first (EDT) one')
  t.equal(open(DateTime.fromISO('2025-03-09T05:00:00Z').toJSDate(), hours('02:30', '04:00'), NY), '2025-03-09T07:30:00.000Z',
    'an opening in the gap opens at 03:30 EDT (the gap\'s length later)')
})

t.test('daylight saving time, southern hemisphere (Auckland)', async (t) => {
  const AKL = 'Pacific/Auckland'
  const d = DEFAULT_CONTACT_HOURS
  // 2025-04-06: 03:00 NZDT → 02:00 NZST; 2025-09-28: 02:00 NZST → 03:00 NZDT.
  t.equal(open(local(AKL, '2025-04-05T22:00'), d, AKL), '2025-04-05T20:00:00.000Z', 'autumn: 08:00 NZST (+12)')
  t.equal(open(local(AKL, '2025-09-27T22:00'), d, AKL), '2025-09-27T19:00:00.000Z', 'spring: 08:00 NZDT (+13)')
  t.equal(open(local(AKL, '2025-09-28T01:00'), d, AKL), '2025-09-27T19:00:00.000Z', 'after midnight: the same morning')
  t.notOk(withinContactHours(DateTime.fromISO('2025-04-05T08:00:00Z').toJSDate(), d, AKL), '21:00 NZDT is outside')
  t.ok(withinContactHours(DateTime.fromISO('2025-04-05T07:59:59Z').toJSDate(), d, AKL), '20:59:59 NZDT is inside')
})

t.test('contact hours across midnight', async (t) => {
  const night = hours('22:00', '06:00')
  t.equal(open(local(NY, '2025-06-10T12:00'), night, NY), '2025-06-11T02:00:00.000Z', 'midday: tonight at 22:00')
  const lateNight = local(NY, '2025-06-11T05:59:59')
  t.equal(open(lateNight, night, NY), lateNight.toISOString(), 'before 06:00: still open')
  t.equal(open(local(NY, '2025-06-11T06:00'), night, NY), '2025-06-12T02:00:00.000Z', '06:00: closed until 22:00')
})

t.test('the alarm\'s own window narrows the contact hours', async (t) => {
  const d = DEFAULT_CONTACT_HOURS
  const mornings: DailyWindow = { dailyStart: '10:00:00', dailyStop: '12:00:00', timezone: NY }
  t.equal(open(local(NY, '2025-06-10T23:00'), d, NY, mornings), '2025-06-11T14:00:00.000Z', '10:00, not 08:00')
  const early: DailyWindow = { dailyStart: '06:00:00', dailyStop: '09:00:00', timezone: NY }
  t.equal(open(local(NY, '2025-06-10T23:00'), d, NY, early), '2025-06-11T12:00:00.000Z', 'the overlap opens at 08:00')
  t.equal(open(local(NY, '2025-06-10T08:30'), d, NY, early), local(NY, '2025-06-10T08:30').toISOString(), 'inside both: at once')
  const never: DailyWindow = { dailyStart: '06:00:00', dailyStop: '07:00:00', timezone: NY }
  t.equal(open(local(NY, '2025-06-10T23:00'), d, NY, never), null, 'windows that never overlap: no opening')
  // A window in another zone (an alarm window in Berlin, the callee in New York): each on its own clock.
  const berlinEvenings: DailyWindow = { dailyStart: '18:00:00', dailyStop: '23:59:59', timezone: 'Europe/Berlin' }
  t.equal(open(local(NY, '2025-06-10T06:00'), d, NY, berlinEvenings), '2025-06-10T16:00:00.000Z', '12:00 EDT = 18:00 CEST')
})
