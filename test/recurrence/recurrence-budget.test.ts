// The jump's cost, exactly: a window far from the series start of a fixed-interval rule is reached in a handful of
// candidates — the jump lands one or two steps before the window (a spring-forward gap nearby widens that by its
// length) — and `maxSteps` counts them. One candidate fewer than these figures is RecurrenceTooLong, so a change to
// the jump that walks more than it needs fails here even when its answers stay right (recurrence-window.test.ts
// checks the answers against a walk from the start).
import { DateTime } from 'luxon'
import t from 'tap'
import { nextOccurrence, occurrences, type Series } from '../../src/recurrence/recurrence.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const local = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).toJSDate()
const brief = (list: { index: number; start: Date }[]) => list.map((o) => `${o.index}@${o.start.toISOString()}`)

// zone, wall start, rule, window from/to after the start, candidates for the window and for the next occurrence
// after its start, and the occurrences in it
const cases: [string, string, string, number, number, number, number, string[]][] = [
  ['UTC', '2025-01-01T00:00:00', 'FREQ=MINUTELY;INTERVAL=7', 10 * DAY, 10 * DAY + 7 * 60_000, 4, 3,
    ['2058@2025-01-11T00:06:00.000Z']],
  ['UTC', '2025-01-01T00:00:00', 'FREQ=SECONDLY', 4 * DAY, 4 * DAY + 3000, 5, 3,
    ['345600@2025-01-05T00:00:00.000Z', '345601@2025-01-05T00:00:01.000Z', '345602@2025-01-05T00:00:02.000Z']],
  // across Berlin's spring-forward gap: 02:30 does not exist, so it is 03:30 and the real 03:30 is dropped
  ['Europe/Berlin', '2025-03-29T00:30:00', 'FREQ=HOURLY', 25 * HOUR, 30 * HOUR, 9, 4,
    ['25@2025-03-30T00:30:00.000Z', '26@2025-03-30T01:30:00.000Z', '27@2025-03-30T02:30:00.000Z', '28@2025-03-30T03:30:00.000Z',
      '29@2025-03-30T04:30:00.000Z']],
  // Sydney springs forward on 5 October: 16:30Z (02:30 AEST) becomes 15:30Z (02:30 AEDT)
  ['Australia/Sydney', '2025-10-01T02:30:00', 'FREQ=DAILY', 3 * DAY, 6 * DAY, 7, 4,
    ['3@2025-10-03T16:30:00.000Z', '4@2025-10-04T16:30:00.000Z', '5@2025-10-05T15:30:00.000Z', '6@2025-10-06T15:30:00.000Z']],
  // New York falls back on 2 November: 01:00–02:00 comes twice
  ['America/New_York', '2025-11-01T23:00:00', 'FREQ=MINUTELY;INTERVAL=45', 2 * HOUR, 5 * HOUR, 6, 3,
    ['3@2025-11-02T05:15:00.000Z', '4@2025-11-02T07:00:00.000Z', '5@2025-11-02T07:45:00.000Z']],
]

t.test('a window far from the start costs a fixed few candidates, in both hemispheres and across DST', async (t) => {
  for (const [zone, wall, rrule, from, to, windowSteps, nextSteps, expected] of cases) {
    const start = local(zone, wall)
    const series: Series = { start, end: new Date(start.getTime() + 1000), timezone: zone, rrule }
    const window = { from: new Date(start.getTime() + from), to: new Date(start.getTime() + to) }
    const name = `${zone} ${rrule}`
    t.same(brief(occurrences(series, window, { maxSteps: windowSteps })), expected, `${name}: the window in ${windowSteps} candidates`)
    t.throws(() => occurrences(series, window, { maxSteps: windowSteps - 1 }), { name: 'RecurrenceTooLong' }, `${name}: not in ${windowSteps - 1}`)
    const next = nextOccurrence(series, window.from, { maxSteps: nextSteps })
    t.equal(next && `${next.index}@${next.start.toISOString()}`, expected.find((e) => e.split('@')[1] !== window.from.toISOString()) ?? null,
      `${name}: the next occurrence in ${nextSteps} candidates`)
    t.throws(() => nextOccurrence(series, window.from, { maxSteps: nextSteps - 1 }), { name: 'RecurrenceTooLong' }, `${name}: not in ${nextSteps - 1}`)
  }
})
