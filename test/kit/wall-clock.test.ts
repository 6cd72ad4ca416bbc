// Wall clocks ↔ instants in an IANA zone (src/kit/wall-clock.ts), checked as UTC instants so the host TZ is irrelevant.
import t from 'tap'
import { fromWallClock, toWallClock } from '../../src/kit/wall-clock.js'

const wall = (iso: string) => Date.parse(`${iso}Z`) // a wall clock is written as ms read as UTC
const instant = (iso: string, zone: string) => new Date(fromWallClock(wall(iso), zone)).toISOString()

t.test('an ordinary wall time, east and west of UTC', async (t) => {
  t.equal(instant('2025-06-10T09:00:00', 'Europe/Berlin'), '2025-06-10T07:00:00.000Z')
  t.equal(instant('2025-06-10T09:00:00', 'America/New_York'), '2025-06-10T13:00:00.000Z')
  t.equal(new Date(toWallClock(Date.parse('2025-06-10T13:00:00Z'), 'America/New_York')).toISOString(), '2025-06-10T09:00:00.000Z')
})

// New York, 2 November 2025: at 06:00Z the clocks go from 02:00 EDT back to 01:00 EST.
t.test('fall-back west of UTC: the offset in force at the instant, which the wall time read as UTC has not reached', async (t) => {
  // 03:00 read as UTC is before the change, so the offset there is still EDT; 03:00 EST is the answer.
  t.equal(instant('2025-11-02T03:00:00', 'America/New_York'), '2025-11-02T08:00:00.000Z', '03:00 EST')
  t.equal(instant('2025-11-02T02:00:00', 'America/New_York'), '2025-11-02T07:00:00.000Z', '02:00 EST (02:00 EDT never was)')
  t.equal(instant('2025-11-02T01:30:00', 'America/New_York'), '2025-11-02T05:30:00.000Z', 'twice: the earlier, 01:30 EDT')
})

t.test('a wall time in a spring-forward gap moves forward by the gap', async (t) => {
  t.equal(instant('2025-03-09T02:30:00', 'America/New_York'), '2025-03-09T07:30:00.000Z', '02:30 → 03:30 EDT')
  t.equal(instant('2025-03-30T02:30:00', 'Europe/Berlin'), '2025-03-30T01:30:00.000Z', '02:30 → 03:30 CEST')
})

t.test('fall-back east of UTC: the earlier of the two instants', async (t) => {
  t.equal(instant('2025-10-26T02:30:00', 'Europe/Berlin'), '2025-10-26T00:30:00.000Z', '02:30 CEST, not CET')
  t.equal(instant('2025-04-06T02:30:00', 'Australia/Sydney'), '2025-04-05T15:30:00.000Z', '02:30 AEDT, not AEST')
})
