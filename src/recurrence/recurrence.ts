// Occurrences of a (possibly recurring) event, computed on the event's own wall clock so that 09:00 Europe/Berlin stays
// 09:00 across DST. rrule only ever sees "floating" dates (kit/wall-clock.ts); each result is mapped back to a real instant
// with the zone's offsets. Nothing here reads the clock or the host time zone. The work per call is bounded: a plain
// fixed-interval rule jumps to the window arithmetically (recurrence-fixed.ts); any other rule is walked from the
// series start (COUNT counts from there), at most `maxSteps` candidates, else RecurrenceTooLong. Callers in the
// server run this on a worker thread (recurrence-runner.ts), never on the event loop.
import rrulePkg from 'rrule'
import { fixedStep, walkFrom } from './recurrence-fixed.js'
import { readRrule, type RuleParts } from './rule-params.js'
import { instantOf, offsetLookup, wallOf, type OffsetOf } from '../kit/wall-clock.js'
import { zoneOffsets } from '../kit/zone-offsets.js'

// rrule ships CommonJS to Node; its named exports are only reachable through the default import.
const { RRule, Weekday } = rrulePkg

/** The rule needs more than the allowed work to reach the asked time (or can never produce another occurrence). */
export class RecurrenceTooLong extends RangeError {
  override name = 'RecurrenceTooLong'
}

export interface Series {
  start: Date
  end: Date
  timezone: string
  rrule: string | null
  /** Last moment an occurrence may start (inclusive). Bounds repeats only: the event itself is always occurrence 0. */
  endRecurringPeriod?: Date | null
}
export interface Occurrence { start: Date; end: Date; index: number }
export interface OccurrenceWindow { from: Date; to: Date; limit?: number }
/** Candidates a call may examine (RECURRENCE_MAX_STEPS). */
export interface Budget { maxSteps?: number }

export const MAX_OCCURRENCES = 1000
export const DEFAULT_MAX_STEPS = 100_000
const DAY = 86_400_000
const YEAR = 366 * DAY
const LAST_MS = 8.64e15 - 2 * DAY // Date's range ends at 8.64e15 ms
// How far nextOccurrence looks. Each step rescans from the series start; the steps keep rules that match rarely or
// never again (BYMONTH=2;BYMONTHDAY=29;BYDAY=MO) from scanning rrule's whole range up to year 9999.
const NEXT_HORIZONS = [YEAR, 10 * YEAR, 100 * YEAR]

function checkDate(name: string, d: Date): number {
  const ms = d.getTime()
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid date`)
  return ms
}

function rruleOptions(p: RuleParts, dtstart: Date, until: Date): ConstructorParameters<typeof RRule>[0] {
  return {
    freq: RRule[p.freq], dtstart, until, interval: p.interval ?? 1, wkst: p.wkst ?? 0,
    bymonth: p.bymonth ?? null, byweekno: p.byweekno ?? null, byyearday: p.byyearday ?? null,
    bymonthday: p.bymonthday ?? null, byhour: p.byhour ?? null, byminute: p.byminute ?? null,
    bysecond: p.bysecond ?? null, bysetpos: p.bysetpos ?? null,
    byweekday: p.byweekday?.map((w) => (w.n === undefined ? w.day : new Weekday(w.day, w.n))) ?? null,
  }
}

const LAST_WALL = Date.UTC(9999, 11, 31, 23, 59, 59, 999) // rrule stops at year 9999

const tooLong = (maxSteps: number) => () => new RecurrenceTooLong(
  `more than ${maxSteps} occurrences of this rule would have to be computed, from the series start, to answer this`)

/**
 * Visits the series in order — occurrence 0, then those from `from` on (a fixed-interval rule) or all (any other) —
 * until `visit` returns false, the series ends, or occurrences would start after `horizon` (ms). COUNT, UNTIL and
 * endRecurringPeriod apply to the whole series, counted from the event's own start, which is always occurrence 0
 * (RFC 5545: DTSTART counts as the first instance). Returns true when the series itself ended, false when it stopped
 * at `visit` or at the horizon.
 */
function walk(series: Series, from: number, horizon: number, maxSteps: number, visit: (o: Occurrence) => boolean): boolean {
  const start = checkDate('start', series.start)
  const duration = checkDate('end', series.end) - start
  if (duration < 0) throw new RangeError('end is before start')
  const offset = offsetLookup(series.timezone)
  const erp = series.endRecurringPeriod ? checkDate('endRecurringPeriod', series.endRecurringPeriod) : Infinity
  const make = (at: number, index: number): Occurrence => ({ start: new Date(at), end: new Date(at + duration), index })

  if (!visit(make(start, 0))) return false
  if (series.rrule === null || series.rrule.trim() === '') return true
  const parsed = readRrule(series.rrule)
  if (!parsed.ok) throw new RangeError(`rrule: ${parsed.message}`)
  const rule = parsed.parts
  const count = rule.count ?? Infinity
  const untilInstant = rule.until && !rule.until.floating ? rule.until.ms : Infinity
  const untilWall = rule.until?.floating ? rule.until.ms : Infinity
  if (count <= 1) return true
  const startWall = wallOf(start, offset)
  const millis = ((startWall % 1000) + 1000) % 1000 // rrule works in whole seconds; keep the start's fraction
  const seriesEnd = Math.min(erp, untilInstant)

  const step = fixedStep(rule)
  if (step !== null) {
    const zone = zoneOffsets(series.timezone)
    const progression = {
      start, startWall, millis, step, count, seriesEnd, untilWall: Math.min(untilWall, LAST_WALL), offset, gaps: zone.transitions,
    }
    const outcome = walkFrom(progression, Math.min(Math.max(from, start + 1), LAST_MS), maxSteps, tooLong(maxSteps),
      ({ at, index }) => at <= horizon && visit(make(at, index)))
    return outcome === 'ended'
  }
  return walkRrule({ rule, start, startWall, millis, count, seriesEnd, untilWall, offset }, horizon, maxSteps, (at, index) => visit(make(at, index)))
}

interface Walk {
  rule: RuleParts; start: number; startWall: number; millis: number; count: number; seriesEnd: number; untilWall: number
  offset: OffsetOf
}

/** Any rule: rrule's own expansion from the series start, at most `maxSteps` candidates. */
function walkRrule(w: Walk, horizon: number, maxSteps: number, visit: (at: number, index: number) => boolean): boolean {
  const { rule, start, startWall, millis, count, seriesEnd, offset } = w
  // rrule must stop somewhere; a day past the last wanted wall time covers any UTC offset change.
  const wallBound = (at: number) => wallOf(Math.min(at, LAST_MS), offset) + DAY
  const seriesScan = Math.min(wallBound(seriesEnd), w.untilWall)
  const scanUntil = Math.min(wallBound(horizon), seriesScan)
  if (!timeOfDayReachable(rule, startWall)) return true

  let index = 1
  let previous = start
  let steps = 0
  let stop: 'series' | 'horizon' | 'visit' | undefined
  new RRule(rruleOptions(rule, new Date(startWall - millis), new Date(scanUntil))).all((date) => {
    if (++steps > maxSteps) throw tooLong(maxSteps)()
    const wall = date.getTime() + millis
    if (wall <= startWall) return true // rrule's own first instance is occurrence 0, already visited
    const at = instantOf(wall, offset)
    // A gap can move a skipped wall time onto one already produced (hourly rules at 02:00 → 03:00): one call, not two.
    if (at <= previous) return true
    stop = at > seriesEnd ? 'series' : at > horizon ? 'horizon' : undefined
    if (stop) return false
    previous = at
    const more = visit(at, index)
    index += 1
    stop = index >= count ? 'series' : more ? undefined : 'visit'
    return stop === undefined
  })
  // Ran dry: the series is over only if its own bounds, not the horizon, limited the scan.
  return stop === 'series' || (stop === undefined && seriesScan <= scanUntil)
}

function limitOf(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit)) return MAX_OCCURRENCES
  return Math.max(0, Math.min(MAX_OCCURRENCES, Math.floor(limit)))
}

/**
 * Occurrences that START within [window.from, window.to), at most `limit` (default and maximum 1000), in order.
 * Start-in-half-open-window (not overlap) so that consecutive windows partition the series: a scheduler scanning
 * window after window sees each occurrence exactly once.
 */
export function occurrences(series: Series, window: OccurrenceWindow, budget: Budget = {}): Occurrence[] {
  const from = checkDate('from', window.from)
  const to = checkDate('to', window.to)
  const limit = limitOf(window.limit)
  const found: Occurrence[] = []
  if (limit === 0 || to <= from) return found
  walk(series, from, to - 1, budget.maxSteps ?? DEFAULT_MAX_STEPS, (o) => {
    const at = o.start.getTime()
    if (at >= to) return false
    if (at >= from) found.push(o)
    return found.length < limit
  })
  return found
}

/** First occurrence starting strictly after `after`, or null when the series has ended (looks up to ~100 years on). */
export function nextOccurrence(series: Series, after: Date, budget: Budget = {}): Occurrence | null {
  const from = checkDate('after', after)
  for (const ahead of NEXT_HORIZONS) {
    let found: Occurrence | null = null
    const ended = walk(series, from + 1, from + ahead, budget.maxSteps ?? DEFAULT_MAX_STEPS, (o) => {
      if (o.start.getTime() > from) found = o
      return found === null
    })
    if (found || ended) return found
  }
  return null
}

/**
 * Whether rrule can ever step from the start's time of day onto one its BYHOUR / BYMINUTE / BYSECOND allow. rrule
 * loops forever when it cannot (FREQ=HOURLY;INTERVAL=24;BYHOUR=5 from 00:00, say); this follows the same steps (its
 * DateTime.addHours/addMinutes/addSeconds) over the finite time-of-day states instead, and gives up when a full
 * cycle of them has matched nothing — then the series is the event alone.
 */
function timeOfDayReachable(rule: RuleParts, startWall: number): boolean {
  const sub = { HOURLY: 0, MINUTELY: 1, SECONDLY: 2 } as Record<string, number | undefined>
  const level = sub[rule.freq]
  if (level === undefined || (!rule.byhour && !rule.byminute && !rule.bysecond)) return true
  const d = new Date(startWall)
  const t = { h: d.getUTCHours(), m: d.getUTCMinutes(), s: d.getUTCSeconds() }
  const okH = () => !rule.byhour || rule.byhour.includes(t.h)
  const okM = () => !rule.byminute || rule.byminute.includes(t.m)
  const okS = () => !rule.bysecond || rule.bysecond.includes(t.s)
  let budget = 1_000_000
  const spend = () => --budget > 0
  const addHours = (n: number) => {
    do t.h = (t.h + n) % 24
    while (!okH() && spend())
  }
  const addMinutes = (n: number) => {
    do {
      t.m += n
      if (t.m >= 60) { addHours(Math.floor(t.m / 60)); t.m %= 60 }
    } while (!(okH() && okM()) && spend())
  }
  const addSeconds = (n: number) => {
    do {
      t.s += n
      if (t.s >= 60) { addMinutes(Math.floor(t.s / 60)); t.s %= 60 }
    } while (!(okH() && okM() && okS()) && spend())
  }
  const interval = rule.interval ?? 1
  // Two rounds: the first may start off the allowed times; the second starts from an allowed one.
  for (let round = 0; round < 2 && budget > 0; round++) {
    if (level === 0) addHours(interval)
    else if (level === 1) addMinutes(interval)
    else addSeconds(interval)
  }
  return budget > 0
}
