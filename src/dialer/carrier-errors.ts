// What a carrier error means for the attempt that met it, read from Twilio's error code (the HTTP status when there is
// no code). Pure and table-driven: the README's table of carrier errors is this table. Twilio's own pages
// (https://www.twilio.com/docs/api/errors/<code>) describe each code; what matters here is only whether trying again
// can help.
import { ATTEMPT_REASON, type AttemptReason } from '../db/schema/alarm-request.js'

export const CARRIER_ERROR_KIND = {
  /** trying again cannot help (the number, the caller ID or the recipient's opt-out): fail now, no retry */
  permanent: 'permanent',
  /** the carrier did not process the request and asks for less: send it again later; it is not an attempt */
  rateLimited: 'rate-limited',
  /** something passing: the attempt failed and is retried like a busy line */
  transient: 'transient',
  /** no clear answer to a request that creates something: it may have been done; find out before doing it again */
  ambiguous: 'ambiguous',
} as const
export type CarrierErrorKind = (typeof CARRIER_ERROR_KIND)[keyof typeof CARRIER_ERROR_KIND]

export interface CarrierErrorRule {
  kind: CarrierErrorKind
  /** what the attempt's failure is recorded as (permanent errors only) */
  reason?: AttemptReason
  /** the carrier says the recipient opted out: the number goes on the do-not-contact list */
  optOut?: boolean
  /** in words, for the attempt's failure reason */
  what: string
}

const permanent = (what: string): CarrierErrorRule => ({ kind: CARRIER_ERROR_KIND.permanent, reason: ATTEMPT_REASON.carrierPermanent, what })
const rateLimited = (what: string): CarrierErrorRule => ({ kind: CARRIER_ERROR_KIND.rateLimited, what })

/** Twilio error codes Tocsin reads; any other code is transient (or rate-limited / ambiguous by its HTTP status). */
export const CARRIER_ERRORS: Readonly<Record<number, CarrierErrorRule>> = {
  13224: permanent('the carrier cannot call this number, or it does not exist'),
  21210: permanent('the caller ID is not a verified number of the carrier account: every call from it fails until the calendar setting or gateway is fixed'),
  21211: permanent('the number is not a valid phone number'),
  21214: permanent('the number cannot be reached'),
  21215: permanent('the carrier account is not allowed to call this number (its geographic permissions)'),
  21217: permanent('the number does not appear to be valid'),
  21610: { kind: CARRIER_ERROR_KIND.permanent, reason: ATTEMPT_REASON.optedOut, optOut: true, what: 'the recipient replied STOP to this sender: the carrier refuses to text them' },
  21614: permanent('the number cannot receive text messages'),
  20429: rateLimited('too many requests to the carrier at once'),
  21611: rateLimited("the sender's message queue at the carrier is full"),
}

export interface CarrierFailure {
  /** HTTP status of the carrier's answer; null when none arrived (refused connection, timeout) */
  status: number | null
  code: number | null
  message: string
  /** no answer, because the request never left (connection refused, unknown host): nothing can have been done */
  neverSent?: boolean
}

export interface ClassifiedError extends CarrierErrorRule {
  /** the failure reason's detail: the rule's words and the carrier's code, or the carrier's own message */
  detail: string
}

/**
 * `creates`: the request would create a call or a message, so an answer that may come from a request the carrier
 * did carry out (a 5xx, a timeout, a dropped connection) is ambiguous rather than transient.
 */
export function classifyCarrierError(failure: CarrierFailure, { creates }: { creates: boolean }): ClassifiedError {
  // Stryker disable next-line ConditionalExpression: equivalent, CARRIER_ERRORS[null] is undefined too (tsc wants it)
  const rule = failure.code === null ? undefined : CARRIER_ERRORS[failure.code]
  if (rule) return { ...rule, detail: `${rule.what} (carrier error ${failure.code})` }
  const detail = `carrier: ${failure.message}${failure.code === null ? '' : ` (carrier error ${failure.code})`}`
  if (failure.status === 429) return { ...rateLimited('the carrier asked for fewer requests'), detail }
  const unanswered = (failure.status === null && !failure.neverSent) || (failure.status ?? 0) >= 500
  if (unanswered && creates) return { kind: CARRIER_ERROR_KIND.ambiguous, what: 'no clear answer from the carrier', detail }
  return { kind: CARRIER_ERROR_KIND.transient, what: failure.message, detail }
}
