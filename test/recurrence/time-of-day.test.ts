// HOURLY, MINUTELY and SECONDLY rules with BYHOUR / BYMINUTE / BYSECOND: before rrule walks one, the time-of-day
// check (recurrence.ts timeOfDayReachable) follows rrule's steps over the times of day, carrying seconds into minutes
// and minutes into hours, and tells a rule that reaches an allowed time — however many steps it takes — from one that
// never can (rrule would loop forever on it). Each expectation here is also plain arithmetic on the interval.
import t from 'tap'
import { nextOccurrence, occurrences } from '../../src/recurrence/recurrence.js'

const start = new Date('2025-01-01T00:00:00Z')
const firstOf = (rrule: string, limit: number) => occurrences(
  { start, end: new Date(start.getTime() + 1000), timezone: 'UTC', rrule },
  { from: start, to: new Date('2025-01-08T00:00:00Z'), limit },
).map((o) => o.start.toISOString())

t.test('reachable after carries: the allowed time comes, and the rule is walked', async (t) => {
  t.same(firstOf('FREQ=SECONDLY;INTERVAL=3600;BYHOUR=2', 3), ['2025-01-01T00:00:00.000Z', '2025-01-01T02:00:00.000Z', '2025-01-02T02:00:00.000Z'],
    'seconds carried into minutes and hours')
  t.same(firstOf('FREQ=SECONDLY;INTERVAL=60;BYHOUR=1;BYSECOND=0', 3), ['2025-01-01T00:00:00.000Z', '2025-01-01T01:00:00.000Z', '2025-01-01T01:01:00.000Z'])
  t.same(firstOf('FREQ=SECONDLY;INTERVAL=90;BYMINUTE=1', 2), ['2025-01-01T00:00:00.000Z', '2025-01-01T00:01:30.000Z'], '90 s: 00:01:30')
  t.same(firstOf('FREQ=MINUTELY;INTERVAL=50;BYHOUR=1', 2), ['2025-01-01T00:00:00.000Z', '2025-01-01T01:40:00.000Z'], '50 min: 01:40')
  t.same(firstOf('FREQ=HOURLY;INTERVAL=7;BYHOUR=5', 2), ['2025-01-01T00:00:00.000Z', '2025-01-04T05:00:00.000Z'],
    'every 7 hours reaches 05:00 on the 11th step, three days on')
})

t.test('never reachable, whatever the carries: the event alone', async (t) => {
  for (const rrule of ['FREQ=MINUTELY;INTERVAL=1440;BYHOUR=5', 'FREQ=SECONDLY;INTERVAL=86400;BYMINUTE=30', 'FREQ=SECONDLY;INTERVAL=3600;BYMINUTE=1',
    'FREQ=MINUTELY;INTERVAL=120;BYHOUR=1,3,5,7,9,11,13,15,17,19,21,23']) {
    t.same(firstOf(rrule, 3), ['2025-01-01T00:00:00.000Z'], rrule)
    t.equal(nextOccurrence({ start, end: start, timezone: 'UTC', rrule }, start), null, `${rrule}: nothing next`)
  }
})
