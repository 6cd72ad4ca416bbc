// Wall clocks and instants in an IANA zone, with luxon's zone data, never the host's zone. A wall clock is written as
// ms read as UTC ("floating"): 09:00 in Berlin is 1970-01-01T09:00Z plus the date. One rule everywhere (recurrence,
// due times, date-times read from requests): a time skipped by a spring-forward gap moves forward by the gap, a time
// that happens twice at fall-back is the earlier instant (RFC 5545 §3.3.5).
import { zoneOffsets } from './zone-offsets.js'

const MINUTE = 60_000
const DAY = 86_400_000

export type OffsetOf = (instant: number) => number // minutes east of UTC

/** A zone's offset lookup, from its table of transitions (zone-offsets.ts: luxon costs ~30 µs a lookup). */
export function offsetLookup(timezone: string): OffsetOf {
  return zoneOffsets(timezone).offset
}

export const wallOf = (instant: number, offset: OffsetOf) => instant + offset(instant) * MINUTE

export function instantOf(wall: number, offset: OffsetOf): number {
  const offsets = new Set([offset(wall - DAY), offset(wall), offset(wall + DAY)])
  let best: number | undefined
  for (const o of offsets) {
    const at = wall - o * MINUTE
    if (offset(at) === o) best = Math.min(best ?? at, at)
  }
  // In a gap no offset fits; the one before the gap is the smaller (clocks went forward), giving the later instant.
  return best ?? wall - Math.min(...offsets) * MINUTE
}

/** Instant (ms) → its wall clock in `timezone`, as ms read as UTC ("floating"). */
export function toWallClock(instant: number, timezone: string): number {
  return wallOf(instant, offsetLookup(timezone))
}

/**
 * Wall clock in `timezone` (ms read as UTC) → instant. A time skipped by a spring-forward gap is read with the offset
 * in force before the gap, i.e. moved forward by the gap (02:30 → 03:30), as RFC 5545 §3.3.5 says. A time that
 * happens twice at fall-back is the earlier instant. luxon alone picks the later one in some zones, hence this.
 */
export function fromWallClock(wall: number, timezone: string): number {
  return instantOf(wall, offsetLookup(timezone))
}
