import type { AttemptReason } from '../db/schema/index.js'

type Wording = (detail: string | null) => string

/** `… for <where>` when the detail names where the configuration is missing ("calendar Mitte"). */
const missing = (what: string): Wording => (where) => (where ? `no ${what} configured for ${where}` : `no ${what} configured`)
/** `<what happened>: <what the carrier, mail server or check said>`. */
const cause = (what: string): Wording => (said) => (said ? `${what}: ${said}` : what)

const WORDS: Record<AttemptReason, Wording> = {
  'do-not-contact': cause('the number is on the do-not-contact list'),
  'no-calendar': cause('the event has no calendar'),
  'incomplete-alarm': cause('the alarm is incomplete'),
  'no-calendar-setting': missing('calendar setting'),
  'no-gateway': missing('voice gateway'),
  'gateway-inactive': (where) => (where ? `the voice gateway of ${where} is inactive` : 'the voice gateway is inactive'),
  'no-survey': missing('survey'),
  'no-caller-id': missing('caller id'),
  'no-sms-gateway': missing('SMS gateway'),
  'missing-tag': (tags) => (tags ? `no value for ${tags}` : 'a tag has no value'),
  'busy': cause('the line was busy'),
  'no-answer': cause('nobody answered'),
  'machine': cause('an answering machine answered a call meant for a person'),
  'call-failed': cause('the call failed'),
  'call-canceled': cause('the call was cancelled'),
  'sms-failed': cause('the text message was not delivered'),
  'mail-failed': cause('the e-mail was not accepted'),
  'carrier-permanent': cause('the carrier refused it for good'),
  'opted-out': cause('the recipient opted out'),
  'outside-contact-hours': cause("contact hours leave no time before the event"),
  'not-placed': cause('the carrier never placed the call'),
  'sms-expired': cause('the text was no longer useful'),
}

/**
 * The one place an attempt's reason becomes words (the alarm and alarm-request APIs, the appointment timeline, the
 * logs): the ATTEMPT_REASON code worded, with its detail, e.g. "no voice gateway configured for calendar Mitte" or
 * "the call failed: carrier error 30003". A detail without a known code (older rows) is shown as it is.
 */
export function failureReason(code: string | null, detail: string | null): string | null {
  const wording = code !== null && Object.hasOwn(WORDS, code) ? WORDS[code as AttemptReason] : null
  if (wording) return wording(detail?.trim() || null)
  return detail?.trim() || null
}
