import { labelsOf } from './codes.js'

/**
 * What the callee answered in the IVR (alarm.result, call.result); the names are the IVR's `result-set` values and
 * the `result_label` of result webhooks.
 */
export const ALARM_RESULT = { none: 0, confirmed: 1, cancelled: 2, rescheduled: 3 } as const

export const ALARM_RESULT_LABELS = labelsOf(ALARM_RESULT, {
  none: '—', confirmed: 'Confirmed', cancelled: 'Cancelled', rescheduled: 'Rescheduled',
})
