// Instants and an IANA zone's wall clock, the wall clock held as ms read as UTC ("floating"), which is how recurrence
// arithmetic sees time (rrule's Date handling depends on the host zone once TZID is involved: rrule issues #295, #611).
import { zoneOffsets } from './zone-offsets.js'

const MINUTE = 60_000
const DAY = 86_400_000

/** Minutes east of UTC at an instant. */
export type OffsetOf = (instant: number) => number

export function offsetsOf(timezone: string): OffsetOf {
  return zoneOffsets(timezone).offset
}

export const wallOf = (instant: number, offset: OffsetOf) => instant + offset(instant) * MINUTE

/**
 * Wall clock → instant. A time skipped by a spring-forward gap is read with the offset in force before the gap, i.e.
 * moved forward by the gap (02:30 → 03:30), as RFC 5545 §3.3.5 says; a time that happens twice is the earlier
 * instant. luxon alone picks the later one in some zones, hence this.
 */
export function instantOf(wall: number, offset: OffsetOf): number {
  const offsets = new Set([offset(wall - DAY), offset(wall), offset(wall + DAY)])
  let best: number | undefined
  for (const o of offsets) {
    const at = wall - o * MINUTE
    if (offset(at) === o && (best === undefined || at < best)) best = at
  }
  // In a gap no offset fits; the one before the gap is the smaller (clocks went forward), giving the later instant.
  return best ?? wall - Math.min(...offsets) * MINUTE
}

/** Instant (ms) → its wall clock in `timezone`, as ms read as UTC ("floating"). */
export function toWallClock(instant: number, timezone: string): number {
  return wallOf(instant, offsetsOf(timezone))
}

/** Wall clock in `timezone` (ms read as UTC) → instant (see instantOf). */
export function fromWallClock(wall: number, timezone: string): number {
  return instantOf(wall, offsetsOf(timezone))
}
