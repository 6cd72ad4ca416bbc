import { DateTime } from 'luxon'
import { invalidField } from '../../errors.js'
import { fromWallClock } from '../wall-clock.js'

// `2013-12-10 12:34:43`, `2013-12-10T12:34:43.5`, optionally followed by Z or ±HH:MM (then the instant is given).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * A request's date-time → an instant. With an offset it is that instant; without one (the seed sends
 * `"2013-12-10 12:34:43"`) it is a wall-clock time in `zone`, read as recurrence.ts reads wall clocks
 * (a time skipped by DST moves forward, an ambiguous one is the earlier instant).
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

/** An instant as ISO 8601 with the offset `zone` has at that instant: `2013-12-10T12:34:43+01:00`. */
export function formatInZone(at: Date, zone: string): string {
  const dt = DateTime.fromJSDate(at, { zone })
  return dt.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? at.toISOString()
}

export function formatOptionalInZone(at: Date | null, zone: string): string | null {
  return at === null ? null : formatInZone(at, zone)
}
