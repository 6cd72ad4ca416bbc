// Rules that are a plain arithmetic progression on the event's wall clock — SECONDLY, MINUTELY, HOURLY, DAILY or
// WEEKLY with an INTERVAL and no BY parts — need no walk from the series start: candidate k is at start + k × step
// (wall clock), so a window is reached by division. What such a walk would have counted is recovered from the zone's
// spring-forward gaps alone: inside a gap a wall time is moved forward by the gap (wall-clock.ts), onto times the
// candidates after the gap also produce, and those later ones are dropped (one occurrence per instant). Issue 12
// finding 3: a SECONDLY rule 4 days after its start took 9.9 s here, walking 345,600 candidates from the start.
import type { RuleParts } from './rule-params.js'
import { instantOf, type OffsetOf } from '../kit/wall-clock.js'
import type { Transition } from '../kit/zone-offsets.js'

const SECOND = 1000
const MINUTE = 60_000
const DAY = 86_400_000
const UNIT = { SECONDLY: SECOND, MINUTELY: MINUTE, HOURLY: 3_600_000, DAILY: DAY, WEEKLY: 7 * DAY } as const
const BY_PARTS = ['bymonth', 'byweekno', 'byyearday', 'bymonthday', 'byweekday', 'byhour', 'byminute', 'bysecond', 'bysetpos'] as const

/** The wall-clock step between candidates, or null when the rule is not a plain progression. */
export function fixedStep(rule: RuleParts): number | null {
  if (!(rule.freq in UNIT) || BY_PARTS.some((k) => rule[k] !== undefined)) return null
  return UNIT[rule.freq as keyof typeof UNIT] * (rule.interval ?? 1)
}

export interface Progression {
  start: number
  startWall: number
  /** the start's milliseconds past its second: rrule works in whole seconds, the series keeps them */
  millis: number
  step: number
  /** COUNT, or Infinity */
  count: number
  /** last instant an occurrence may start (UNTIL as an instant, end_recurring_period) */
  seriesEnd: number
  /** last wall time a candidate may have (UNTIL as a date, and rrule's year 9999) */
  untilWall: number
  offset: OffsetOf
  gaps(from: number, to: number): Transition[]
}

export interface Visit { at: number; index: number }

/**
 * Visits the occurrences after occurrence 0 whose instant is at least `from`, in order, until `visit` returns false
 * (→ 'stopped') or the series ends (→ 'ended'). Gives up with `budget` after `maxSteps` candidates.
 */
export function walkFrom(p: Progression, from: number, maxSteps: number, budget: () => Error, visit: (v: Visit) => boolean): 'ended' | 'stopped' {
  const wall = (k: number) => p.startWall + k * p.step
  const inst = (k: number) => instantOf(wall(k), p.offset)
  const nearby = (at: number) => p.gaps(at - 3 * DAY, at + 3 * DAY).filter(isGap)
  // Start early enough that no occurrence at or after `from` is missed: a gap maps wall times up to its length back.
  const margin = Math.max(0, ...nearby(from).map(gapLength)) + p.step
  const fromWall = from + p.offset(from) * MINUTE
  const k0 = Math.max(1, Math.floor((fromWall - margin - p.startWall) / p.step))
  let index = k0 - skippedBefore(p, k0)
  let previous = p.start
  if (k0 > 1) {
    previous = Math.max(previous, inst(k0 - 1))
    // A gap's last candidate maps later than those just after the gap: it may be the latest instant so far.
    for (const g of nearby(inst(k0 - 1))) {
      const last = lastInGap(p, g)
      if (last !== null && last < k0) previous = Math.max(previous, inst(last))
    }
  }
  if (previous > p.seriesEnd) return 'ended'
  for (let k = k0, steps = 0; ; k++) {
    if (++steps > maxSteps) throw budget()
    if (index >= p.count) return 'ended'
    if (wall(k) - p.millis > p.untilWall) return 'ended'
    const at = inst(k)
    if (at <= previous) continue
    if (at > p.seriesEnd) return 'ended'
    previous = at
    if (at >= from && !visit({ at, index })) return 'stopped'
    index += 1
  }
}

const isGap = (t: Transition) => t.after > t.before
const gapLength = (t: Transition) => (t.after - t.before) * MINUTE

/** The last candidate (k ≥ 1) whose wall time falls in gap `g`, if any. */
function lastInGap(p: Progression, g: Transition): number | null {
  const gapStart = g.at + g.before * MINUTE
  const gapEnd = gapStart + gapLength(g)
  const last = Math.ceil((gapEnd - p.startWall) / p.step) - 1
  return last >= 1 && p.startWall + last * p.step >= gapStart ? last : null
}

/** How many of candidates 1 … k0 − 1 a walk from the start would drop: those after a gap mapping onto its times. */
function skippedBefore(p: Progression, k0: number): number {
  if (k0 <= 1) return 0
  let skipped = 0
  const lastWall = p.startWall + (k0 - 1) * p.step
  for (const g of p.gaps(p.start - DAY, lastWall - p.offset(lastWall) * MINUTE + DAY).filter(isGap)) {
    const last = lastInGap(p, g)
    if (last === null) continue
    // Candidates after the gap up to (gap's last candidate + gap length) map onto instants already produced.
    const lastDropped = last + Math.floor(gapLength(g) / p.step)
    skipped += Math.max(0, Math.min(lastDropped, k0 - 1) - last)
  }
  return skipped
}
