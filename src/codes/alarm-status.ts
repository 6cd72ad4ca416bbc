import { labelsOf } from './codes.js'

/** alarm.status and alarm_request.status. */
export const ALARM_STATUS = {
  pending: 1, inProcess: 2, failure: 3, retry: 4, success: 5, expired: 6, cancelled: 7,
} as const

export const ALARM_STATUS_LABELS = labelsOf(ALARM_STATUS, {
  pending: 'Pending', inProcess: 'In process', failure: 'Failure', retry: 'Retry', success: 'Success',
  expired: 'Expired', cancelled: 'Cancelled',
})

/** Waiting for an attempt: planned (pending) or planned again after a failure (retry). */
export const AWAITING_ATTEMPT = [ALARM_STATUS.pending, ALARM_STATUS.retry] as const
/** Not settled yet: waiting for an attempt, or in one. */
export const OPEN_ALARM = [ALARM_STATUS.pending, ALARM_STATUS.inProcess, ALARM_STATUS.retry] as const
