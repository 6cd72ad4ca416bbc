import { DateTime } from 'luxon'
import { ALARM_METHOD, ALARM_STATUS } from '../db/schema/index.js'

/** Human labels for the numeric codes, built from the code tables so they cannot drift. */
function labels<T extends Record<string, number>>(codes: T, names: Record<keyof T, string>): ReadonlyMap<number, string> {
  return new Map(Object.entries(codes).map(([key, code]) => [code, names[key as keyof T]]))
}

export const STATUS_LABELS = labels(ALARM_STATUS, {
  pending: 'Waiting', inProcess: 'In progress', failure: 'Failed', retry: 'Will retry', success: 'Done',
  expired: 'Too late (not sent)', cancelled: 'Cancelled',
})
export const METHOD_LABELS = labels(ALARM_METHOD, { call: 'Call', sms: 'Text', email: 'E-mail' })

export const label = (labels: ReadonlyMap<number, string>, code: number) => labels.get(code) ?? `code ${code}`

/** A stored instant as the organization's wall-clock time, with the zone named: "Tue 14 Jan 2031, 14:10 CET". */
export function formatTime(at: Date | null | undefined, zone: string): string {
  if (!at) return '—'
  return DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ')
}

/** A time in a sentence ("will retry at 14:10"): the clock alone when it is today, else with its day. */
export function formatShortTime(at: Date, zone: string, now = new Date()): string {
  const local = DateTime.fromJSDate(at, { zone })
  const sameDay = local.hasSame(DateTime.fromJSDate(now, { zone }), 'day')
  return local.toFormat(sameDay ? 'HH:mm' : 'ccc d LLL, HH:mm')
}

/** For CSV: ISO 8601 with the organization's offset, which spreadsheets and scripts read alike. */
export function isoTime(at: Date | null | undefined, zone: string): string {
  return at ? DateTime.fromJSDate(at, { zone }).toISO({ suppressMilliseconds: true }) ?? '' : ''
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`
}
