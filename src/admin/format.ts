import { DateTime } from 'luxon'
import { ALARM_METHOD, ALARM_RESULT, ALARM_STATUS } from '../db/schema/index.js'
import { CallStatus } from '../codes/call-status.js'

/** Human labels for the numeric codes of DESIGN §4, built from the code tables so they cannot drift. */
function labels<T extends Record<string, number>>(codes: T, names: Record<keyof T, string>): ReadonlyMap<number, string> {
  return new Map(Object.entries(codes).map(([key, code]) => [code, names[key as keyof T]]))
}

export const STATUS_LABELS = labels(ALARM_STATUS, {
  pending: 'Pending', inProcess: 'In process', failure: 'Failure', retry: 'Retry', success: 'Success',
  expired: 'Expired', cancelled: 'Cancelled',
})
export const METHOD_LABELS = labels(ALARM_METHOD, { call: 'Call', sms: 'SMS', email: 'E-mail' })
export const RESULT_LABELS = labels(ALARM_RESULT, { none: '—', confirmed: 'Confirmed', cancelled: 'Cancelled', rescheduled: 'Rescheduled' })
export const CALLSTATUS_LABELS = labels(CallStatus, {
  none: '—', queued: 'Queued', ringing: 'Ringing', inProgress: 'In progress', completed: 'Completed', busy: 'Busy',
  failed: 'Failed', noAnswer: 'No answer', canceled: 'Canceled',
})

export const label = (labels: ReadonlyMap<number, string>, code: number) => labels.get(code) ?? `#${code}`

/** A stored instant as the organization's wall-clock time, with its zone abbreviation. */
export function formatTime(at: Date | null | undefined, zone: string): string {
  if (!at) return '—'
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm:ss ZZZZ')
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`
}
