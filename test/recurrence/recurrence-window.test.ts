// Occurrences far from the series start (issue 12 finding 3: a SECONDLY rule's occurrences 4 days after its start
// took 9.9 s, walking from the start on the event loop). Fixed-interval rules jump to the window; the answers must be
// exactly those of a walk from the start, DST gaps and overlaps included, in both hemispheres.
import { DateTime } from 'luxon'
import t from 'tap'
import { nextOccurrence, occurrences, RecurrenceTooLong, type Occurrence, type Series } from '../../src/recurrence/recurrence.js'

const local = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).toJSDate()
const series = (zone: string, wall: string, rrule: string, extra: Partial<Series> = {}): Series => {
  const start = local(zone, wall)
  return { start, end: new Date(start.getTime() + 1000), timezone: zone, rrule, ...extra }
}
const HOUR = 3_600_000
const DAY = 24 * HOUR
const brief = (list: Occurrence[]) => list.map((o) => `${o.index}@${o.start.toISOString()}`)

/**
 * The same rule with BY parts that repeat its own defaults (so the set is unchanged) is not a plain progression:
 * it is walked from the series start by rrule, the reference the arithmetic must agree with.
 */
function walkedTwin(s: Series): Series {
  const wall = DateTime.fromJSDate(s.start, { zone: s.timezone })
  const freq = /FREQ=(\w+)/.exec(s.rrule!)![1]
  const same = {
    SECONDLY: `BYSECOND=${Array.from({ length: 60 }, (_, i) => i).join(',')}`,
    MINUTELY: `BYSECOND=${wall.second}`,
    HOURLY: `BYMINUTE=${wall.minute};BYSECOND=${wall.second}`,
    DAILY: `BYHOUR=${wall.hour};BYMINUTE=${wall.minute};BYSECOND=${wall.second}`,
    WEEKLY: `BYDAY=${['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][wall.weekday - 1]}`,
  }[freq!]
  return { ...s, rrule: `${s.rrule};${same}` }
}

t.test('the arithmetic agrees with a walk from the start, across gaps and overlaps in both hemispheres', async (t) => {
  // Starts a few hours or days before a transition; windows before, across and after it, and later ones.
  const cases: [string, string, string][] = [
    ['Europe/Berlin', '2025-03-30T00:59:30', 'FREQ=SECONDLY;INTERVAL=7'],
    ['Europe/Berlin', '2025-03-29T22:00:00', 'FREQ=MINUTELY;INTERVAL=13'],
    ['Europe/Berlin', '2025-03-28T00:30:00', 'FREQ=HOURLY'],
    ['Europe/Berlin', '2025-10-25T23:15:00', 'FREQ=MINUTELY;INTERVAL=7;COUNT=300'],
    ['Europe/Berlin', '2025-03-29T02:30:00', 'FREQ=DAILY'],
    ['America/New_York', '2025-03-08T20:00:00', 'FREQ=HOURLY;INTERVAL=2'],
    ['America/New_York', '2025-11-01T23:00:00', 'FREQ=MINUTELY;INTERVAL=45'],
    ['Australia/Sydney', '2025-10-04T23:00:00', 'FREQ=MINUTELY;INTERVAL=11'],
    ['Australia/Sydney', '2025-04-05T22:00:00', 'FREQ=HOURLY;COUNT=50'],
    ['Australia/Sydney', '2025-09-30T02:30:00', 'FREQ=DAILY;INTERVAL=2'],
    ['Australia/Lord_Howe', '2025-10-05T00:00:00', 'FREQ=MINUTELY;INTERVAL=10'],
    ['Pacific/Auckland', '2025-09-27T23:00:00', 'FREQ=HOURLY;INTERVAL=3'],
    ['America/Santiago', '2025-09-06T20:00:00', 'FREQ=MINUTELY;INTERVAL=30'],
    ['Pacific/Apia', '2011-12-28T09:00:00', 'FREQ=DAILY'],
    ['Pacific/Apia', '2011-12-29T20:00:00', 'FREQ=HOURLY;INTERVAL=5'],
    ['Europe/Berlin', '2025-01-06T09:00:00', 'FREQ=WEEKLY;INTERVAL=2;UNTIL=20260101'],
    ['UTC', '2025-01-01T00:00:00', 'FREQ=SECONDLY;INTERVAL=3600;COUNT=100'],
  ]
  for (const [zone, wall, rrule] of cases) {
    const s = series(zone, wall, rrule)
    const twin = walkedTwin(s)
    const start = s.start.getTime()
    for (const [from, to] of [[start - DAY, start + 3 * DAY], [start + 2 * HOUR, start + 5 * HOUR], [start + 26 * HOUR, start + 30 * HOUR],
      [start + 20 * DAY, start + 21 * DAY]]) {
      const window = { from: new Date(from!), to: new Date(to!), limit: 400 }
      t.same(brief(occurrences(s, window)), brief(occurrences(twin, window, { maxSteps: 10_000_000 })), `${zone} ${wall} ${rrule} [${window.from.toISOString()}, …)`)
    }
    for (const after of [start - 1, start + 90 * 60_000, start + 2 * DAY + 17_000]) {
      t.same(nextOccurrence(s, new Date(after)), nextOccurrence(twin, new Date(after), { maxSteps: 10_000_000 }), `${zone} ${rrule} next after +${after - start} ms`)
    }
  }
})

t.test('SECONDLY 4 days and 1 year after the start: exact, and without walking there', async (t) => {
  // A budget far below the 345,600 (4 days) or 31.5 million (a year) candidates a walk from the start would need.
  const budget = { maxSteps: 5000 }
  const utc = series('UTC', '2025-01-01T00:00:00', 'FREQ=SECONDLY')
  const fourDays = new Date(utc.start.getTime() + 4 * DAY)
  t.same(brief(occurrences(utc, { from: fourDays, to: new Date(fourDays.getTime() + 3000) }, budget)),
    ['345600@2025-01-05T00:00:00.000Z', '345601@2025-01-05T00:00:01.000Z', '345602@2025-01-05T00:00:02.000Z'])
  const aYear = new Date('2026-01-01T00:00:00Z')
  t.same(brief(occurrences(utc, { from: aYear, to: new Date(aYear.getTime() + 2000) }, budget)), ['31536000@2026-01-01T00:00:00.000Z', '31536001@2026-01-01T00:00:01.000Z'])
  t.same(nextOccurrence(utc, new Date(aYear.getTime() + 500), budget)?.index, 31536001)

  // Berlin: the spring-forward hour's wall times map onto the next hour, which is produced once (3,600 fewer).
  const berlin = series('Europe/Berlin', '2025-01-01T00:00:00', 'FREQ=SECONDLY')
  const later = local('Europe/Berlin', '2026-01-01T00:00:00')
  const [first] = occurrences(berlin, { from: later, to: new Date(later.getTime() + 1000) }, budget)
  t.equal(first?.start.getTime(), later.getTime())
  t.equal(first?.index, (later.getTime() - berlin.start.getTime()) / 1000 - 3600,
    'a year on: the 3,600 wall seconds after the spring-forward gap mapped onto instants already produced, and were dropped')
  t.throws(() => occurrences(walkedTwin(berlin), { from: later, to: new Date(later.getTime() + 1000) }, budget), RecurrenceTooLong,
    'a walk from the start could not get there within the same budget')
})

t.test('other rules are walked within the budget, else RecurrenceTooLong', async (t) => {
  const s = series('UTC', '2025-01-01T00:00:00', 'FREQ=SECONDLY;BYSECOND=0,30')
  const aYear = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-01T00:01:00Z') }
  t.throws(() => occurrences(s, aYear, { maxSteps: 10_000 }), RecurrenceTooLong)
  t.throws(() => nextOccurrence(s, aYear.from, { maxSteps: 10_000 }), { name: 'RecurrenceTooLong', message: /more than 10000 occurrences/ })
  t.same(brief(occurrences(s, { from: new Date('2025-01-01T01:00:00Z'), to: new Date('2025-01-01T01:01:00Z') }, { maxSteps: 10_000 })),
    ['120@2025-01-01T01:00:00.000Z', '121@2025-01-01T01:00:30.000Z'], 'an hour in: 240 steps')
})

t.test('a rule whose BY times its interval never reaches is the event alone, not an endless loop', async (t) => {
  for (const rrule of ['FREQ=HOURLY;INTERVAL=24;BYHOUR=5', 'FREQ=MINUTELY;INTERVAL=60;BYMINUTE=30', 'FREQ=SECONDLY;INTERVAL=60;BYSECOND=7']) {
    const s = series('UTC', '2025-01-01T00:00:00', rrule)
    t.same(brief(occurrences(s, { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2030-01-01T00:00:00Z') })), ['0@2025-01-01T00:00:00.000Z'], rrule)
    t.equal(nextOccurrence(s, s.start), null)
  }
  const reachable = series('UTC', '2025-01-01T00:00:00', 'FREQ=HOURLY;INTERVAL=24;BYHOUR=0')
  t.equal(occurrences(reachable, { from: reachable.start, to: new Date(reachable.start.getTime() + 3 * DAY) }).length, 3)
})
