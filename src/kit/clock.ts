/**
 * Where the scheduler reads the time for its due-time decisions (is this alarm due, in its window, stale?). The
 * system clock in every process; a test passes a chosen instant to exercise a decision without waiting for it.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock stopped at `instant`. */
export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant.getTime()) }
}
