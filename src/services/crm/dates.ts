import { DateTime } from 'luxon'
import { invalidField } from '../../errors.js'

/**
 * An ISO 8601 date-time (`2018-01-01T12:15:00+01:00`, `…Z`, or `2018-01-01 12:15`). Without an
 * offset it is wall-clock time in `zone` (the appointment's), as the original read naive times
 * in its own zone.
 */
export function parseDateTime(field: string, value: string, zone: string): Date {
  const text = value.trim()
  let parsed = DateTime.fromISO(text, { zone })
  if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone })
  if (!parsed.isValid || text === '') {
    throw invalidField(field, 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].')
  }
  return parsed.toJSDate()
}

/** ISO 8601 with the zone's offset, seconds precision when there are no milliseconds. */
export function formatDateTime(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true })!
}

const DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/

/** `2018-1-28` → the first instant of that day in `zone`. */
export function startOfDay(field: string, value: string, zone: string): DateTime {
  const match = DAY.exec(value.trim())
  const day = match ? DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, { zone }) : null
  if (!day || !day.isValid) throw invalidField(field, `"${value}" is not a date (YYYY-MM-DD)`)
  return day.startOf('day')
}
