import { labelsOf } from './codes.js'

/** Tocsin's numeric call status codes, as stored on call requests. */
export const CallStatus = {
  none: 0,
  queued: 1,
  ringing: 2,
  inProgress: 3,
  completed: 4,
  busy: 5,
  failed: 6,
  noAnswer: 7,
  canceled: 8,
} as const

export type CallStatusCode = (typeof CallStatus)[keyof typeof CallStatus]

export const CALL_STATUS_LABELS = labelsOf(CallStatus, {
  none: '—', queued: 'Queued', ringing: 'Ringing', inProgress: 'In progress', completed: 'Completed', busy: 'Busy',
  failed: 'Failed', noAnswer: 'No answer', canceled: 'Canceled',
})

/** A dialled call that has not ended (it holds a line). */
export const OPEN_CALL = [CallStatus.queued, CallStatus.ringing, CallStatus.inProgress] as const

const fromTwilio: Readonly<Record<string, CallStatusCode>> = {
  queued: CallStatus.queued,
  // Twilio reports `initiated` while dialling starts; it is still before ringing.
  initiated: CallStatus.queued,
  ringing: CallStatus.ringing,
  'in-progress': CallStatus.inProgress,
  completed: CallStatus.completed,
  busy: CallStatus.busy,
  failed: CallStatus.failed,
  'no-answer': CallStatus.noAnswer,
  canceled: CallStatus.canceled,
}

const toTwilio: Readonly<Record<CallStatusCode, string>> = {
  0: 'none',
  1: 'queued',
  2: 'ringing',
  3: 'in-progress',
  4: 'completed',
  5: 'busy',
  6: 'failed',
  7: 'no-answer',
  8: 'canceled',
}

/** Unknown or missing strings map to `none`, so a malformed callback can never advance a call. */
export function callStatusFromTwilio(status: string | undefined): CallStatusCode {
  return (status !== undefined && fromTwilio[status.toLowerCase()]) || CallStatus.none
}

export function callStatusToTwilio(code: CallStatusCode): string {
  return toTwilio[code]
}

export function isFinalCallStatus(code: CallStatusCode): boolean {
  return code >= CallStatus.completed
}

/** All final statuses share the top rank: once a call has ended, nothing replaces its outcome. */
export function callStatusRank(code: CallStatusCode): number {
  return isFinalCallStatus(code) ? CallStatus.completed : code
}

/**
 * Whether a stored status may be replaced by a newly reported one. Callbacks arrive out of order
 * and are replayed, so only strictly forward moves are accepted.
 */
export function canTransition(from: CallStatusCode, to: CallStatusCode): boolean {
  // All final statuses share the top rank, so the rank test below refuses these as well: without this line nothing
  // changes (an equivalent mutant). It stays so that "an ended call stays ended" does not hang on the ranking alone.
  // Stryker disable next-line ConditionalExpression: equivalent, as said above
  if (isFinalCallStatus(from)) return false
  return callStatusRank(to) > callStatusRank(from)
}
