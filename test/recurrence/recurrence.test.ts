// Every expectation is a UTC instant, so nothing here depends on the host time zone. Setting process.env.TZ at run
// time is not reliable in Node, so the suite must simply pass as run: `npx tap test/recurrence/recurrence.test.ts`,
// `TZ=Pacific/Auckland npx tap …` and `TZ=America/New_York npx tap …`. The last test also re-runs a sample in child
// processes with other TZ values and compares.
import { spawnSync } from 'node:child_process'
import { DateTime } from 'luxon'
import t from 'tap'
import { fromWallClock, toWallClock } from '../../src/kit/wall-clock.js'
import { MAX_OCCURRENCES, nextOccurrence, occurrences, type Series } from '../../src/recurrence/recurrence.js'

const at = (iso: string) => new Date(iso)
const local = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).toJSDate()
const everything = { from: at('1990-01-01T00:00:00Z'), to: at('2100-01-01T00:00:00Z') }
const starts = (list: { start: Date }[]) => list.map((o) => o.start.toISOString())
const localStarts = (list: { start: Date }[], zone: string) =>
  list.map((o) => DateTime.fromJSDate(o.start, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"))
/** A 30-minute event at `wall` local time in `zone`. */
function event(zone: string, wall: string, rrule: string | null, extra: Partial<Series> = {}): Series {
  const start = local(zone, wall)
  return { start, end: new Date(start.getTime() + 30 * 60_000), timezone: zone, rrule, ...extra }
}

t.test('daily 09:00 stays 09:00 local across DST, both ways, in four zones', async (t) => {
  const cases: [string, string, string[]][] = [
    ['Europe/Berlin', '2025-03-28T09:00', ['2025-03-28T08:00', '2025-03-29T08:00', '2025-03-30T07:00', '2025-03-31T07:00']],
    ['Europe/Berlin', '2025-10-24T09:00', ['2025-10-24T07:00', '2025-10-25T07:00', '2025-10-26T08:00', '2025-10-27T08:00']],
    ['America/New_York', '2025-03-07T09:00', ['2025-03-07T14:00', '2025-03-08T14:00', '2025-03-09T13:00', '2025-03-10T13:00']],
    ['America/New_York', '2025-10-31T09:00', ['2025-10-31T13:00', '2025-11-01T13:00', '2025-11-02T14:00', '2025-11-03T14:00']],
    ['Australia/Sydney', '2025-04-04T09:00', ['2025-04-03T22:00', '2025-04-04T22:00', '2025-04-05T23:00', '2025-04-06T23:00']],
    ['Australia/Sydney', '2025-10-03T09:00', ['2025-10-02T23:00', '2025-10-03T23:00', '2025-10-04T22:00', '2025-10-05T22:00']],
    ['Pacific/Auckland', '2025-04-04T09:00', ['2025-04-03T20:00', '2025-04-04T20:00', '2025-04-05T21:00', '2025-04-06T21:00']],
    ['Pacific/Auckland', '2025-09-26T09:00', ['2025-09-25T21:00', '2025-09-26T21:00', '2025-09-27T20:00', '2025-09-28T20:00']],
  ]
  for (const [zone, wall, utc] of cases) {
    const got = occurrences(event(zone, wall, 'FREQ=DAILY;COUNT=4'), everything)
    t.same(starts(got), utc.map((u) => `${u}:00.000Z`), `${zone} from ${wall}`)
    t.same(localStarts(got, zone).map((s) => s.slice(11)), ['09:00', '09:00', '09:00', '09:00'])
    t.same(got.map((o) => o.index), [0, 1, 2, 3])
    t.ok(got.every((o) => o.end.getTime() - o.start.getTime() === 30 * 60_000), 'duration kept')
  }
})

t.test('a 02:30 occurrence on a spring-forward day moves to 03:30; on a fall-back day it is the first 02:30', async (t) => {
  const spring = occurrences(event('Europe/Berlin', '2025-03-29T02:30', 'FREQ=DAILY;COUNT=3'), everything)
  t.same(starts(spring), ['2025-03-29T01:30:00.000Z', '2025-03-30T01:30:00.000Z', '2025-03-31T00:30:00.000Z'])
  t.same(localStarts(spring, 'Europe/Berlin'), ['2025-03-29T02:30', '2025-03-30T03:30', '2025-03-31T02:30'])
  const ny = occurrences(event('America/New_York', '2025-03-08T02:30', 'FREQ=DAILY;COUNT=3'), everything)
  t.same(localStarts(ny, 'America/New_York'), ['2025-03-08T02:30', '2025-03-09T03:30', '2025-03-10T02:30'])
  const fall = occurrences(event('Europe/Berlin', '2025-10-25T02:30', 'FREQ=DAILY;COUNT=3'), everything)
  t.same(starts(fall), ['2025-10-25T00:30:00.000Z', '2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z'])
  const sydney = occurrences(event('Australia/Sydney', '2025-04-05T02:30', 'FREQ=DAILY;COUNT=3'), everything)
  t.same(starts(sydney), ['2025-04-04T15:30:00.000Z', '2025-04-05T15:30:00.000Z', '2025-04-06T16:30:00.000Z'],
    'Sydney 2025-04-06 02:30 happens twice: the +11:00 one')
})

t.test('hourly across the gap and the overlap: strictly increasing, no duplicate instants', async (t) => {
  const spring = occurrences(event('Europe/Berlin', '2025-03-30T00:00', 'FREQ=HOURLY;COUNT=5'), everything)
  t.same(localStarts(spring, 'Europe/Berlin'), ['2025-03-30T00:00', '2025-03-30T01:00', '2025-03-30T03:00', '2025-03-30T04:00', '2025-03-30T05:00'])
  t.same(spring.map((o) => o.index), [0, 1, 2, 3, 4], 'the 02:00 that became 03:00 is one occurrence, counted once')
  const fall = occurrences(event('Europe/Berlin', '2025-10-26T01:00', 'FREQ=HOURLY;COUNT=4'), everything)
  // Wall-clock hours: 02:00 is one local time (its first instant), so the repeated hour is not an extra occurrence.
  t.same(starts(fall), ['2025-10-25T23:00:00.000Z', '2025-10-26T00:00:00.000Z', '2025-10-26T02:00:00.000Z', '2025-10-26T03:00:00.000Z'])
})

t.test('monthly on the 31st skips the short months (RFC 5545), at 09:00 local', async (t) => {
  const got = occurrences(event('Europe/Berlin', '2025-01-31T09:00', 'FREQ=MONTHLY;COUNT=7'), everything)
  t.same(localStarts(got, 'Europe/Berlin'), ['2025-01-31T09:00', '2025-03-31T09:00', '2025-05-31T09:00',
    '2025-07-31T09:00', '2025-08-31T09:00', '2025-10-31T09:00', '2025-12-31T09:00'])
  t.same(starts(got).slice(0, 2), ['2025-01-31T08:00:00.000Z', '2025-03-31T07:00:00.000Z'])
})

t.test('weekly Mon–Fri COUNT=10 counts over the whole series, not per window or child', async (t) => {
  const series = event('Europe/Berlin', '2025-03-03T09:00', 'FREQ=WEEKLY;COUNT=10;BYDAY=MO,TU,WE,TH,FR')
  const all = occurrences(series, everything)
  t.equal(all.length, 10)
  t.same(localStarts(all, 'Europe/Berlin').map((s) => s.slice(0, 10)), ['2025-03-03', '2025-03-04', '2025-03-05',
    '2025-03-06', '2025-03-07', '2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-14'])
  const second = occurrences(series, { from: at('2025-03-08T00:00:00Z'), to: at('2025-04-01T00:00:00Z') })
  t.same(second.map((o) => o.index), [5, 6, 7, 8, 9])
  t.same(occurrences(series, { from: at('2025-03-15T00:00:00Z'), to: at('2026-01-01T00:00:00Z') }), [])
  // The dispatcher asks from each child in turn; the series still ends after ten (Newfies restarted COUNT per child).
  let next = nextOccurrence(series, series.start)
  const chain = [0]
  while (next) {
    chain.push(next.index)
    next = nextOccurrence(series, next.start)
  }
  t.same(chain, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
})

t.test('the event itself is always occurrence 0, even off the rule (RFC 5545: DTSTART counts)', async (t) => {
  const saturday = occurrences(event('Europe/Berlin', '2025-03-01T09:00', 'FREQ=WEEKLY;COUNT=3;BYDAY=MO,TU'), everything)
  t.same(localStarts(saturday, 'Europe/Berlin'), ['2025-03-01T09:00', '2025-03-03T09:00', '2025-03-04T09:00'])
  t.equal(occurrences(event('UTC', '2025-03-01T09:00', 'FREQ=DAILY;COUNT=1'), everything).length, 1)
})

t.test('end_recurring_period is inclusive and bounds the whole series', async (t) => {
  const erp = local('Europe/Berlin', '2025-01-05T09:00')
  const series = event('Europe/Berlin', '2025-01-01T09:00', 'FREQ=DAILY', { endRecurringPeriod: erp })
  t.equal(occurrences(series, everything).length, 5, 'the occurrence exactly at the end is included')
  t.equal(occurrences({ ...series, endRecurringPeriod: new Date(erp.getTime() - 1) }, everything).length, 4)
  t.equal(nextOccurrence(series, erp), null)
  t.equal(nextOccurrence(series, new Date(erp.getTime() - 1))?.index, 4)
  const before = { ...series, endRecurringPeriod: local('Europe/Berlin', '2024-12-31T00:00') }
  t.same(occurrences(before, everything).map((o) => o.index), [0], 'a period ending before the start leaves the event itself')
  t.equal(occurrences({ ...series, endRecurringPeriod: null }, { ...everything, limit: 3 }).length, 3, 'null = no bound')
})

t.test('UNTIL: a UTC instant is inclusive; a DATE runs to the end of that local day', async (t) => {
  const utc = event('America/New_York', '2025-01-01T09:00', 'FREQ=DAILY;UNTIL=20250103T140000Z')
  t.equal(occurrences(utc, everything).length, 3)
  t.equal(occurrences({ ...utc, rrule: 'FREQ=DAILY;UNTIL=20250103T135959Z' }, everything).length, 2)
  t.equal(occurrences({ ...utc, rrule: 'FREQ=DAILY;UNTIL=20250103' }, everything).length, 3)
  t.equal(nextOccurrence({ ...utc, rrule: 'FREQ=DAILY;UNTIL=20250103' }, at('2025-01-03T14:00:00Z')), null)
})

t.test('window: start within [from, to), limit default and max 1000', async (t) => {
  const series = event('UTC', '2025-01-01T09:00', 'FREQ=DAILY')
  const nine = (d: string) => at(`${d}T09:00:00Z`)
  t.same(starts(occurrences(series, { from: nine('2025-01-02'), to: nine('2025-01-04') })),
    ['2025-01-02T09:00:00.000Z', '2025-01-03T09:00:00.000Z'], 'from included, to excluded')
  t.same(occurrences(series, { from: at('2025-01-02T09:10:00Z'), to: at('2025-01-02T23:00:00Z') }), [],
    'an occurrence already under way at `from` is not included')
  t.equal(occurrences(series, everything).length, MAX_OCCURRENCES)
  t.equal(occurrences(series, { ...everything, limit: 5000 }).length, 1000)
  t.equal(occurrences(series, { ...everything, limit: 3 }).length, 3)
  t.same(occurrences(series, { ...everything, limit: 0 }), [])
  t.same(occurrences(series, { from: nine('2025-02-01'), to: nine('2025-01-01') }), [], 'empty window')
  const late = occurrences(series, { from: nine('2027-01-01'), to: nine('2030-01-01') })
  t.equal(late.length, 1000)
  t.same(late[0], { start: nine('2027-01-01'), end: at('2027-01-01T09:30:00Z'), index: 730 })
})

t.test('consecutive windows partition the series', async (t) => {
  const series = event('Australia/Sydney', '2025-01-15T18:00', 'FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20251231T000000Z')
  const whole = occurrences(series, everything)
  const pieces = []
  for (let m = 0; m < 13; m++) {
    pieces.push(...occurrences(series, { from: new Date(Date.UTC(2025, m, 1)), to: new Date(Date.UTC(2025, m + 1, 1)) }))
  }
  t.same(pieces, whole)
  t.same(whole.map((o) => o.index), whole.map((_, i) => i))
})

t.test('a non-recurring event is just itself, if it starts in the window', async (t) => {
  const one = event('Europe/Berlin', '2025-06-01T09:00', null)
  t.same(occurrences(one, everything), [{ start: one.start, end: one.end, index: 0 }])
  t.same(occurrences(one, { from: one.end, to: everything.to }), [])
  t.same(occurrences({ ...one, rrule: '' }, everything).length, 1)
  t.same(nextOccurrence(one, new Date(one.start.getTime() - 1)), { start: one.start, end: one.end, index: 0 })
  t.equal(nextOccurrence(one, one.start), null, 'strictly after')
})

t.test('nextOccurrence', async (t) => {
  const series = event('Pacific/Auckland', '2025-01-01T09:00', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29')
  const leap = nextOccurrence(series, at('2025-06-01T00:00:00Z'))
  t.same(leap && localStarts([leap], 'Pacific/Auckland'), ['2028-02-29T09:00'], 'looks past the first year')
  t.equal(leap?.index, 1)
  const daily = event('Europe/Berlin', '2025-03-29T09:00', 'FREQ=DAILY')
  t.same(nextOccurrence(daily, local('Europe/Berlin', '2025-03-29T09:00')),
    { start: at('2025-03-30T07:00:00Z'), end: at('2025-03-30T07:30:00Z'), index: 1 })
  t.equal(nextOccurrence(daily, at('1999-01-01T00:00:00Z'))?.index, 0, 'before the series: the event itself')
  t.equal(nextOccurrence(event('UTC', '2025-01-01T09:00', 'FREQ=DAILY;COUNT=2'), at('2025-01-02T09:00:00Z')), null)
})

t.test('durations are absolute and milliseconds survive', async (t) => {
  const start = local('Europe/Berlin', '2025-03-29T01:00:00.250')
  const series: Series = { start, end: new Date(start.getTime() + 3 * 3_600_000), timezone: 'Europe/Berlin', rrule: 'FREQ=DAILY;COUNT=2' }
  const [, second] = occurrences(series, everything)
  t.equal(second?.start.toISOString(), '2025-03-30T00:00:00.250Z', '01:00:00.250 local')
  t.equal(second?.end.toISOString(), '2025-03-30T03:00:00.250Z', 'three real hours later, 05:00 local')
})

t.test('bad input throws RangeError', async (t) => {
  const ok = event('UTC', '2025-01-01T09:00', 'FREQ=DAILY')
  t.throws(() => occurrences({ ...ok, timezone: 'Mars/Olympus' }, everything), RangeError)
  t.throws(() => occurrences({ ...ok, rrule: 'FREQ=DAILY;BYDAY=XX' }, everything), { message: 'rrule: BYDAY value "XX" is not a weekday' })
  t.throws(() => occurrences({ ...ok, end: new Date(ok.start.getTime() - 1) }, everything), { message: 'end is before start' })
  t.throws(() => occurrences({ ...ok, start: new Date(Number.NaN) }, everything), RangeError)
  t.throws(() => nextOccurrence(ok, new Date(Number.NaN)), RangeError)
})

t.test('wall-clock helpers', async (t) => {
  const berlin = 'Europe/Berlin'
  t.equal(new Date(toWallClock(Date.parse('2025-07-01T07:00:00Z'), berlin)).toISOString(), '2025-07-01T09:00:00.000Z')
  t.equal(new Date(fromWallClock(Date.parse('2025-03-30T02:30:00Z'), berlin)).toISOString(), '2025-03-30T01:30:00.000Z', 'gap')
  t.equal(new Date(fromWallClock(Date.parse('2025-10-26T02:30:00Z'), berlin)).toISOString(), '2025-10-26T00:30:00.000Z', 'overlap')
  t.equal(new Date(fromWallClock(Date.parse('2025-11-02T01:30:00Z'), 'America/New_York')).toISOString(), '2025-11-02T05:30:00.000Z')
  t.equal(new Date(fromWallClock(Date.parse('2025-10-05T02:15:00Z'), 'Australia/Lord_Howe')).toISOString(), '2025-10-04T15:45:00.000Z',
    'half-hour gap: 02:15 → 02:45 +11:00')
})

t.test('bad input is refused naming the field', async (t) => {
  const ok = event('UTC', '2025-01-01T09:00', 'FREQ=DAILY')
  const invalid = new Date(Number.NaN)
  t.throws(() => occurrences({ ...ok, start: invalid }, everything), { message: 'start is not a valid date' })
  t.throws(() => occurrences({ ...ok, end: invalid }, everything), { message: 'end is not a valid date' })
  t.throws(() => occurrences({ ...ok, endRecurringPeriod: invalid }, everything), { message: 'endRecurringPeriod is not a valid date' })
  t.throws(() => occurrences(ok, { ...everything, from: invalid }), { message: 'from is not a valid date' })
  t.throws(() => occurrences(ok, { ...everything, to: invalid }), { message: 'to is not a valid date' })
  t.throws(() => nextOccurrence(ok, invalid), { message: 'after is not a valid date' })
})

t.test('edges: an instant-long event, a blank rule, COUNT=1, an odd limit', async (t) => {
  const daily = event('UTC', '2025-01-01T09:00', 'FREQ=DAILY')
  const instant = occurrences({ ...daily, end: daily.start }, { ...everything, limit: 2 })
  t.same(instant.map((o) => o.end.getTime() - o.start.getTime()), [0, 0], 'end = start is an event of no length, not an error')
  t.same(occurrences({ ...daily, rrule: '  ' }, everything).length, 1, 'a blank rule does not repeat')
  const once = { ...daily, rrule: 'FREQ=DAILY;COUNT=1' }
  t.same(starts(occurrences(once, everything)), ['2025-01-01T09:00:00.000Z'], 'COUNT=1: the event alone')
  t.equal(nextOccurrence(once, daily.start), null)
  t.equal(occurrences(daily, { ...everything, limit: 2.7 }).length, 2, 'a fractional limit rounds down')
  t.equal(occurrences(daily, { ...everything, limit: -3 }).length, 0, 'a negative limit is none')
  t.equal(occurrences(daily, { ...everything, limit: Number.NaN }).length, MAX_OCCURRENCES, 'NaN is no limit given')
})

t.test('milliseconds survive before 1970 too', async (t) => {
  const landing: Series = { start: at('1969-07-20T20:17:40.250Z'), end: at('1969-07-20T20:47:40.250Z'), timezone: 'UTC', rrule: 'FREQ=DAILY;COUNT=2' }
  t.same(starts(occurrences(landing, { from: at('1969-01-01T00:00:00Z'), to: at('1970-01-01T00:00:00Z') })),
    ['1969-07-20T20:17:40.250Z', '1969-07-21T20:17:40.250Z'])
})

t.test('every BY part reaches the expansion (RFC 5545 examples and calendar facts)', async (t) => {
  const utc = (wall: string, rrule: string, limit: number) =>
    starts(occurrences(event('UTC', wall, rrule), { ...everything, from: at('1990-01-01T00:00:00Z'), limit })).map((s) => s.slice(0, 16))
  // RFC 5545 §3.8.5.3: the same rule with WKST=MO and WKST=SU gives different days.
  t.same(utc('1997-08-05T09:00', 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO', 9),
    ['1997-08-05T09:00', '1997-08-10T09:00', '1997-08-19T09:00', '1997-08-24T09:00'])
  t.same(utc('1997-08-05T09:00', 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU', 9),
    ['1997-08-05T09:00', '1997-08-17T09:00', '1997-08-19T09:00', '1997-08-31T09:00'])
  t.same(utc('2025-01-31T09:00', 'FREQ=MONTHLY;BYDAY=-1FR', 4),
    ['2025-01-31T09:00', '2025-02-28T09:00', '2025-03-28T09:00', '2025-04-25T09:00'], 'the last Friday')
  t.same(utc('2025-01-31T09:00', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', 4),
    ['2025-01-31T09:00', '2025-02-28T09:00', '2025-03-31T09:00', '2025-04-30T09:00'], 'the last weekday')
  t.same(utc('2025-01-01T09:00', 'FREQ=YEARLY;BYYEARDAY=1,100', 4),
    ['2025-01-01T09:00', '2025-04-10T09:00', '2026-01-01T09:00', '2026-04-10T09:00'], 'days 1 and 100')
  t.same(utc('2024-12-30T09:00', 'FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO', 3),
    ['2024-12-30T09:00', '2025-12-29T09:00', '2027-01-04T09:00'], 'Monday of ISO week 1')
  t.same(utc('2025-01-01T09:00', 'FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30', 5),
    ['2025-01-01T09:00', '2025-01-01T09:30', '2025-01-01T17:00', '2025-01-01T17:30', '2025-01-02T09:00'])
  t.same(utc('2025-01-01T00:00', 'FREQ=HOURLY;INTERVAL=5;BYHOUR=10,15', 3),
    ['2025-01-01T00:00', '2025-01-01T10:00', '2025-01-01T15:00'], 'an interval on a walked rule')
})

t.test('nextOccurrence looks as far as a century', async (t) => {
  const rare = event('UTC', '2025-01-01T09:00', 'FREQ=YEARLY;INTERVAL=50;BYMONTH=1')
  t.equal(nextOccurrence(rare, rare.start)?.start.toISOString(), '2075-01-01T09:00:00.000Z')
})

// Four child processes per run: under `npm run mutate` that would be for every mutant, and the question it answers
// (does the host TZ leak in?) is not one a mutant asks; Stryker sets STRYKER_MUTATOR_WORKER in its test processes.
const mutationRun = process.env.STRYKER_MUTATOR_WORKER !== undefined
t.test('the same answers whatever the host TZ (child processes)', { skip: mutationRun && 'a mutation run' }, async (t) => {
  const script = `
    import { occurrences } from '${new URL('../../src/recurrence/recurrence.ts', import.meta.url).href}'
    const s = { start: new Date('2025-03-28T08:00:00Z'), end: new Date('2025-03-28T08:30:00Z'), timezone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,FR,SU;COUNT=12' }
    const w = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') }
    console.log(JSON.stringify(occurrences(s, w)))`
  const outputs = ['UTC', 'Pacific/Auckland', 'America/New_York', 'Asia/Kolkata'].map((tz) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TZ: tz }, encoding: 'utf8',
    })
    t.equal(run.status, 0, `${tz}: ${run.stderr}`)
    return run.stdout
  })
  t.ok(outputs[0] && outputs[0].length > 100)
  for (const o of outputs.slice(1)) t.equal(o, outputs[0])
})
