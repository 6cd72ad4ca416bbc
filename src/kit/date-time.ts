// Date-times read from requests and written in responses, for both APIs. Two grammars, each the one its API has always
// accepted (with its own error messages): the calendar API's `YYYY-MM-DD HH:MM[:SS[.ffffff]]` with an optional offset
// (parseDateTime), and the CRM's any ISO 8601 or SQL form (parseIsoDateTime). Both read a time without an offset as a
// wall clock in the given zone by one rule (wall-clock.ts), so the same text means the same instant in either API.
import { DateTime, IANAZone } from 'luxon'
import { invalidField } from '../errors.js'
import { fromWallClock } from './wall-clock.js'

// `2013-12-10 12:34:43`, `2013-12-10T12:34:43.5`, optionally followed by Z or ±HH:MM (then the instant is given).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * The calendar API's date-time → an instant. With an offset it is that instant; without one (the seed sends
 * `"2013-12-10 12:34:43"`) it is a wall-clock time in `zone`.
 */
export function parseDateTime(field: string, value: string, zone: string): Date {
  const text = value.trim()
  const m = DATE_TIME.exec(text)
  if (!m) throw invalidField(field, `"${value}" is not a date-time (YYYY-MM-DD HH:MM:SS, optionally with an offset)`)
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number]
  const ms = Math.round(Number(`0.${m[7] ?? '0'}`) * 1000)
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms)
  const check = new Date(wall)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw invalidField(field, `"${value}" is not a real date-time`)
  }
  if (y < 1900 || y > 9999) throw invalidField(field, `"${value}" is out of range (years 1900–9999)`)
  const offset = m[8]
  if (offset === undefined) return new Date(fromWallClock(wall, zone))
  if (offset.toUpperCase() === 'Z') return new Date(wall)
  const om = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!
  const minutes = (Number(om[2]) * 60 + Number(om[3])) * (om[1] === '-' ? -1 : 1)
  if (Math.abs(minutes) > 18 * 60) throw invalidField(field, `"${value}" has an impossible UTC offset`)
  return new Date(wall - minutes * 60_000)
}

const ISO_FORMAT = 'Datetime has wrong format. Use ISO 8601, e.g. 2018-01-01T12:15:00+01:00.'

/**
 * The CRM's date-time (`2018-01-01T12:15:00+01:00`, `…Z`, `2018-01-01 12:15`, any ISO 8601 or SQL form luxon reads) →
 * an instant. Without an offset it is wall-clock time in `zone` (the appointment's), as the original read naive times
 * in its own zone.
 */
export function parseIsoDateTime(field: string, value: string, zone: string): Date {
  const text = value.trim()
  if (text === '' || !IANAZone.isValidZone(zone)) throw invalidField(field, ISO_FORMAT)
  // Read twice, as if in two zones: the same instant both times means the text carried its own offset.
  const read = (in_: string) => {
    const iso = DateTime.fromISO(text, { zone: in_ })
    return iso.isValid ? iso : DateTime.fromSQL(text, { zone: in_ })
  }
  const utc = read('UTC')
  if (!utc.isValid) throw invalidField(field, ISO_FORMAT)
  checkIsoYear(field, utc)
  if (utc.toMillis() === read('UTC+5').toMillis()) return utc.toJSDate()
  return new Date(fromWallClock(utc.toMillis(), zone))
}

/**
 * Years 1 to 9999, as ISO 8601 writes them: luxon also reads year 0 and six-digit years, which PostgreSQL refuses
 * (it has no year 0) or no client of this API means.
 */
function checkIsoYear(field: string, value: DateTime): void {
  if (value.year < 1 || value.year > 9999) throw invalidField(field, 'must be between the years 1 and 9999')
}

/** An instant as ISO 8601 with the offset `zone` has at that instant, seconds precision when there are no milliseconds. */
export function formatInZone(at: Date, zone: string): string {
  const dt = DateTime.fromJSDate(at, { zone })
  return dt.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? at.toISOString()
}

export function formatOptionalInZone(at: Date | null, zone: string): string | null {
  return at === null ? null : formatInZone(at, zone)
}

const DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/

/** `2018-1-28` → the first instant of that day in `zone`. */
export function startOfDay(field: string, value: string, zone: string): DateTime {
  const match = DAY.exec(value.trim())
  const day = match ? DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, { zone }) : null
  if (!day?.isValid) throw invalidField(field, `"${value}" is not a date (YYYY-MM-DD)`)
  checkIsoYear(field, day)
  return day.startOf('day')
}
