// When an alarm may call: `date_start_notice − advance_notice`, moved into the daily calling window on the callee's
// wall clock (docs/ARCHITECTURE.md "Life of a reminder"). Newfies stored daily_start/daily_stop and advance_notice
// but never used them (docs/ARCHITECTURE.md "Compatibility with Newfies-Dialer"); quiet hours kept in the recipient's
// zone are what other reminder systems leave out. Pure: "now" is a parameter.
import { fromWallClock, toWallClock } from '../kit/wall-clock.js'

export interface DailyWindow {
  /** `HH:MM:SS` (or `HH:MM`) on the wall clock of `timezone`. */
  dailyStart: string
  /** Inclusive to the end of that second; before `dailyStart` means the window crosses midnight (21:00:00–06:00:00). */
  dailyStop: string
  timezone: string
}
export interface AlarmTiming extends DailyWindow {
  dateStartNotice: Date
  /** Seconds before `dateStartNotice` the alarm becomes due. */
  advanceNotice: number
}

const SECOND = 1000
const DAY = 86_400_000

function secondsOfDay(name: string, text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(text)
  if (!m) throw new RangeError(`${name} "${text}" is not a time of day HH:MM:SS`)
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0)
}

function instantOf(name: string, d: Date): number {
  const ms = d.getTime()
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid date`)
  return ms
}

/**
 * `instant` itself when it is inside the window, else the next moment the window opens. The window is, per local day,
 * [that day's dailyStart, dailyStop + 1 s) as instants, each wall time mapped the RFC 5545 way: a start that a
 * spring-forward gap skips opens at the shifted time (02:30 → 03:30), an ambiguous fall-back time is the earlier
 * instant. Membership is decided on the same instants, so the answer never contradicts itself around a DST change.
 * Equal start and stop, or 00:00:00–23:59:59, means always open.
 */
export function nextWindowOpening(instant: Date, window: DailyWindow): Date {
  const at = instantOf('instant', instant)
  const open = secondsOfDay('dailyStart', window.dailyStart) * SECOND
  const stop = secondsOfDay('dailyStop', window.dailyStop) * SECOND
  const localMidnight = Math.floor(toWallClock(at, window.timezone) / DAY) * DAY // also rejects a bad zone
  if (open === stop || (open === 0 && stop === DAY - SECOND)) return instant
  // Stryker disable next-line EqualityOperator: equivalent, equal start and stop returned above
  const crosses = stop < open
  const interval = (midnight: number): [number, number] => [
    fromWallClock(midnight + open, window.timezone),
    fromWallClock(midnight + (crosses ? DAY : 0) + stop, window.timezone) + SECOND,
  ]
  // The window that opened yesterday (crossing midnight) or today may still be open; otherwise the first opening
  // after `at` is today's or tomorrow's (two days on, in case a zone skips a whole local day, as Samoa did in 2011).
  for (const day of [-1, 0, 1, 2]) {
    const [from, to] = interval(localMidnight + day * DAY)
    if (to <= from) continue // the gap swallowed it (02:30–03:15 on a day 02:00 jumps to 03:00): no opening that day
    if (at >= from && at < to) return instant
    // Stryker disable next-line EqualityOperator: equivalent, `at === from` is inside the window (returned above)
    if (from > at) return new Date(from)
  }
  // Unreachable with real zones (it takes a window swallowed on two days running); a bad zone table gets an error.
  // Stryker disable next-line all: unreachable, see above
  throw new RangeError(`no opening of ${window.dailyStart}–${window.dailyStop} found in ${window.timezone}`)
}

/** The instant the alarm should start: `dateStartNotice − advanceNotice`, moved to the next opening of its window. */
export function dueTime(alarm: AlarmTiming): Date {
  const notice = instantOf('dateStartNotice', alarm.dateStartNotice)
  if (!Number.isFinite(alarm.advanceNotice) || alarm.advanceNotice < 0) {
    throw new RangeError(`advanceNotice must be zero or more seconds, got ${alarm.advanceNotice}`)
  }
  return nextWindowOpening(new Date(notice - alarm.advanceNotice * SECOND), alarm)
}

/**
 * Too late to be useful, so the alarm becomes 6 expired instead of calling: when `now` is more than `staleAfterSeconds`
 * past `due` (e.g. after downtime; exactly at the limit is still on time), or once the event has started
 * (`now ≥ eventStart`) — a reminder for something already under way helps nobody, whatever the staleness limit.
 */
export function isExpired(check: { due: Date; now: Date; eventStart: Date | null; staleAfterSeconds: number }): boolean {
  const now = instantOf('now', check.now)
  if (check.eventStart !== null && now >= instantOf('eventStart', check.eventStart)) return true
  return now > instantOf('due', check.due) + check.staleAfterSeconds * SECOND
}
