import { DateTime } from 'luxon'
import { ALARM_METHOD_LABELS } from '../codes/alarm-method.js'
import { ALARM_RESULT_LABELS } from '../codes/alarm-result.js'
import { ALARM_STATUS_LABELS } from '../codes/alarm-status.js'
import { CALL_STATUS_LABELS } from '../codes/call-status.js'

// The labels of the numeric codes live with their tables (src/codes/).
export const STATUS_LABELS = ALARM_STATUS_LABELS
export const METHOD_LABELS = ALARM_METHOD_LABELS
export const RESULT_LABELS = ALARM_RESULT_LABELS
export const CALLSTATUS_LABELS = CALL_STATUS_LABELS

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
