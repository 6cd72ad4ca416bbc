import { labelsOf } from './codes.js'

/** alarm.method: how an alarm reaches its callee. */
export const ALARM_METHOD = { call: 1, sms: 2, email: 3 } as const

export const ALARM_METHOD_LABELS = labelsOf(ALARM_METHOD, { call: 'Call', sms: 'SMS', email: 'E-mail' })
