// What an inbound text says, read the way the carrier reads it: the whole message, trimmed, case-insensitive, one word.
// Twilio's default opt-out handling (https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out) knows these
// opt-out, opt-in and help keywords; "stop calling me" is no keyword (the carrier does not block on it either) and is
// kept as a reply. The reminder answers are digits and letters that are none of the keywords: C confirms and never
// CANCEL, which is an opt-out word. Pure.
import { ALARM_RESULT } from '../codes/alarm-result.js'

export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const

/** A two-way reminder's answers: "Reply 1 to confirm, 2 to cancel, 3 to reschedule" (or C / R). */
export const REPLY_ANSWERS: Readonly<Record<string, number>> = {
  1: ALARM_RESULT.confirmed,
  C: ALARM_RESULT.confirmed,
  2: ALARM_RESULT.cancelled,
  3: ALARM_RESULT.rescheduled,
  R: ALARM_RESULT.rescheduled,
}

export type InboundText =
  | { kind: 'opt-out' | 'opt-in' | 'help'; keyword: string }
  | { kind: 'answer'; keyword: string; result: number }
  | { kind: 'other' }

const has = (list: readonly string[], word: string) => list.includes(word)

export function readInboundText(body: string): InboundText {
  const word = body.trim().toUpperCase()
  if (has(OPT_OUT_KEYWORDS, word)) return { kind: 'opt-out', keyword: word }
  if (has(OPT_IN_KEYWORDS, word)) return { kind: 'opt-in', keyword: word }
  if (has(HELP_KEYWORDS, word)) return { kind: 'help', keyword: word }
  const result = Object.hasOwn(REPLY_ANSWERS, word) ? REPLY_ANSWERS[word] : undefined
  if (result !== undefined) return { kind: 'answer', keyword: word, result }
  return { kind: 'other' }
}
