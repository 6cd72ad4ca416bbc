// Contact hours: the organization's daily span (default 08:00–21:00, the US TCPA's calling hours and common practice
// elsewhere) in which a scheduled call or text may reach a person, on the CALLEE's wall clock (docs/ARCHITECTURE.md
// "Life of a reminder"). An alarm's own daily window narrows it; a send outside is deferred to the next moment both
// are open, never dropped (dispatch.ts skips it with a reason only when that moment is past the event). Pure: the
// instants and zones are parameters; wall clocks come from kit/wall-clock.ts through due-time.ts.
import { nextWindowOpening, type DailyWindow } from './due-time.js'

export interface ContactHours {
  /** `HH:MM` on the callee's wall clock */
  start: string
  /** `HH:MM`, exclusive; `24:00` is the end of the day; before `start` means the span crosses midnight */
  end: string
}

export const DEFAULT_CONTACT_HOURS: ContactHours = { start: '08:00', end: '21:00' }

const DAY_MINUTES = 24 * 60

/** `HH:MM` → minutes after midnight; `24:00` only where `allowEndOfDay`. Throws a RangeError naming the field. */
export function minutesOf(field: string, text: string, allowEndOfDay: boolean): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text)
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN
  if (!(minutes < DAY_MINUTES || (allowEndOfDay && minutes === DAY_MINUTES))) {
    throw new RangeError(`${field} "${text}" is not a time of day HH:MM${allowEndOfDay ? ' (or 24:00)' : ''}`)
  }
  return minutes
}

/** The hours in minutes after midnight, checked (a RangeError names the field). */
function spanOf(hours: ContactHours): { start: number; end: number } {
  return { start: minutesOf('contact_hours_start', hours.start, false), end: minutesOf('contact_hours_end', hours.end, true) }
}

const alwaysOpen = ({ start, end }: { start: number; end: number }) => start % DAY_MINUTES === end % DAY_MINUTES

/** 00:00–24:00 (or a span that starts where it ends): no limit at all. */
export function isAlways(hours: ContactHours): boolean {
  return alwaysOpen(spanOf(hours))
}

const clock = (minutes: number, seconds = 0) => {
  const total = minutes * 60 + seconds
  const hh = Math.floor(total / 3600)
  const mm = Math.floor((total % 3600) / 60)
  const ss = total % 60
  return [hh, mm, ss].map((n) => String(n).padStart(2, '0')).join(':')
}

/** The contact hours as a daily window in `timezone` (due-time.ts): [start, end) becomes start … end − 1 s inclusive. */
export function contactWindow(hours: ContactHours, timezone: string): DailyWindow {
  const span = spanOf(hours)
  if (alwaysOpen(span)) return { dailyStart: '00:00:00', dailyStop: '00:00:00', timezone }
  const lastMinute = (span.end + DAY_MINUTES - 1) % DAY_MINUTES // the minute before the end…
  return { dailyStart: clock(span.start), dailyStop: clock(lastMinute, 59), timezone } // …to its last second
}

/** Attempts to find a moment both windows are open before giving up: each one moves forward by at least a window's gap. */
const MAX_STEPS = 64

/**
 * The first instant at or after `instant` when the callee's contact hours AND the alarm's own daily window (null:
 * none) are both open; null when they never overlap (a window 06:00–07:00 against contact hours from 08:00).
 */
export function nextContactOpening(instant: Date, hours: ContactHours, calleeZone: string, alarmWindow: DailyWindow | null): Date | null {
  const contact = contactWindow(hours, calleeZone)
  let at = instant
  for (let i = 0; i < MAX_STEPS; i++) {
    const inContact = nextWindowOpening(at, contact)
    const inBoth = alarmWindow ? nextWindowOpening(inContact, alarmWindow) : inContact
    if (inBoth.getTime() === inContact.getTime()) return inBoth
    at = inBoth
  }
  return null
}

/** Whether `instant` is inside the contact hours on the callee's clock. */
export function withinContactHours(instant: Date, hours: ContactHours, calleeZone: string): boolean {
  return nextWindowOpening(instant, contactWindow(hours, calleeZone)).getTime() === instant.getTime()
}
