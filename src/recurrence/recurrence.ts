// Occurrences of a (possibly recurring) event, computed on the event's own wall clock so that 09:00 Europe/Berlin stays
// 09:00 across DST. rrule's Date handling depends on the host zone once TZID is involved (rrule issues #295, #611), so
// it only ever sees "floating" dates: the local wall clock written as if it were UTC. Each result is mapped back to a
// real instant here, with luxon's zone data. Nothing here reads the clock or the host time zone.
import rrulePkg from 'rrule'
import { instantOf, offsetLookup, wallOf } from '../kit/wall-clock.js'
import { readRrule, type RuleParts } from './rule-params.js'

// rrule ships CommonJS to Node; its named exports are only reachable through the default import.
const { RRule, Weekday } = rrulePkg

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

export const MAX_OCCURRENCES = 1000
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

/**
 * Visits the series in order from occurrence 0 until `visit` returns false, the series ends, or occurrences would start
 * after `horizon` (ms). COUNT, UNTIL and endRecurringPeriod apply to the whole series, counted from the event's own
 * start, which is always occurrence 0 (RFC 5545: DTSTART counts as the first instance). Returns true when the series
 * itself ended, false when it stopped at `visit` or at the horizon.
 */
function walk(series: Series, horizon: number, visit: (o: Occurrence) => boolean): boolean {
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
  // rrule must stop somewhere; a day past the last wanted wall time covers any UTC offset change.
  const wallBound = (at: number) => wallOf(Math.min(at, LAST_MS), offset) + DAY
  const seriesScan = Math.min(wallBound(seriesEnd), untilWall)
  const scanUntil = Math.min(wallBound(horizon), seriesScan)

  let index = 1
  let previous = start
  let stop: 'series' | 'horizon' | 'visit' | undefined
  new RRule(rruleOptions(rule, new Date(startWall - millis), new Date(scanUntil))).all((date) => {
    const wall = date.getTime() + millis
    if (wall <= startWall) return true // rrule's own first instance is occurrence 0, already visited
    const at = instantOf(wall, offset)
    // A gap can move a skipped wall time onto one already produced (hourly rules at 02:00 → 03:00): one call, not two.
    if (at <= previous) return true
    stop = at > seriesEnd ? 'series' : at > horizon ? 'horizon' : undefined
    if (stop) return false
    previous = at
    const more = visit(make(at, index))
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
export function occurrences(series: Series, window: OccurrenceWindow): Occurrence[] {
  const from = checkDate('from', window.from)
  const to = checkDate('to', window.to)
  const limit = limitOf(window.limit)
  const found: Occurrence[] = []
  if (limit === 0 || to <= from) return found
  walk(series, to - 1, (o) => {
    const at = o.start.getTime()
    if (at >= to) return false
    if (at >= from) found.push(o)
    return found.length < limit
  })
  return found
}

/** First occurrence starting strictly after `after`, or null when the series has ended (looks up to ~100 years on). */
export function nextOccurrence(series: Series, after: Date): Occurrence | null {
  const from = checkDate('after', after)
  for (const ahead of NEXT_HORIZONS) {
    let found: Occurrence | null = null
    const ended = walk(series, from + ahead, (o) => {
      if (o.start.getTime() > from) found = o
      return found === null
    })
    if (found || ended) return found
  }
  return null
}
