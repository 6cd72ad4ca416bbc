import { ALARM_METHOD, ALARM_RESULT, ALARM_STATUS, ATTEMPT_REASON, EVENT_STATUS, type AttemptReason } from '../db/schema/index.js'
import { CallStatus } from '../codes/call-status.js'
import { formatShortTime } from './format.js'

/**
 * What happened to a reminder attempt, in the words a receptionist would use: "Confirmed", "No answer — will retry
 * at 14:10", "Not called: number opted out", "Not called: no voice line set up for calendar Mitte". Pure: the
 * pages, the CSV exports and the tests all read it from here.
 */
export type Tone = 'ok' | 'bad' | 'wait' | 'neutral'
export interface Words { text: string; tone: Tone }

/** The outcomes the logs can be filtered by, in the order the filter lists them. */
export const ATTEMPT_OUTCOMES = new Map([
  ['confirmed', 'Confirmed'],
  ['cancelled', 'Cancelled by the patient'],
  ['reschedule', 'Wants another time'],
  ['reached', 'Reached, no answer given'],
  ['retrying', 'Will retry'],
  ['failed', 'Failed'],
  ['opted-out', 'Not contacted: opted out'],
  ['not-contacted', 'Not contacted: set-up problem'],
  ['in-progress', 'In progress'],
  ['stopped', 'Stopped (reminder cancelled)'],
] as const)
export type AttemptOutcome = typeof ATTEMPT_OUTCOMES extends Map<infer K, string> ? K : never

/** Reasons that stop an attempt before anything reaches the patient. */
export const NOT_CONTACTED: readonly AttemptReason[] = [
  ATTEMPT_REASON.doNotContact, ATTEMPT_REASON.noCalendar, ATTEMPT_REASON.incompleteAlarm, ATTEMPT_REASON.noCalendarSetting,
  ATTEMPT_REASON.noGateway, ATTEMPT_REASON.gatewayInactive, ATTEMPT_REASON.noSurvey, ATTEMPT_REASON.noCallerId,
  ATTEMPT_REASON.noSmsGateway, ATTEMPT_REASON.missingTag,
]

/** Reasons that mean the patient does not want these reminders: our own list, or a STOP the carrier enforces. */
export const OPTED_OUT: readonly AttemptReason[] = [ATTEMPT_REASON.doNotContact, ATTEMPT_REASON.optedOut]

/** The words of a reason; `{calendar}` is the calendar's name, `{detail}` what the attempt recorded (missing tags). */
const REASON_WORDS: Record<AttemptReason, string> = {
  'do-not-contact': 'number opted out',
  'no-calendar': 'the appointment has no calendar',
  'incomplete-alarm': 'the reminder is missing its number or message',
  'no-calendar-setting': 'no voice line set up for calendar {calendar}',
  'no-gateway': 'the voice line of calendar {calendar} no longer exists',
  'gateway-inactive': 'the voice line of calendar {calendar} is switched off',
  'no-survey': 'the call script no longer exists',
  'no-caller-id': 'no caller number set up for calendar {calendar}',
  'no-sms-gateway': 'no text line set up for calendar {calendar}',
  'missing-tag': 'the appointment has no value for {detail}',
  busy: 'Line busy',
  'no-answer': 'No answer',
  machine: 'Answering machine (this reminder needs a person)',
  'call-failed': 'Call failed',
  'call-canceled': 'Call withdrawn before it was answered',
  'sms-failed': 'Text not delivered',
  'mail-failed': 'E-mail could not be sent',
  'carrier-permanent': 'The carrier refused the number for good',
  'opted-out': 'The patient replied STOP to our texts: the carrier refuses to send them',
  'not-placed': 'The carrier never placed the call',
  'sms-expired': 'Text not delivered in time (it expired at the carrier)',
}

export interface AttemptFacts {
  method: number
  status: number
  callstatus: number
  reason: AttemptReason | null
  reasonDetail: string | null
  retryAt: Date | null
  calendarName: string
  callResult: number | null
  answeredBy: string | null
  transferredTo: string | null
  smsStatus: string | null
}

const notVerb = (method: number) => (method === ALARM_METHOD.call ? 'Not called' : 'Not sent')

/** Why it failed, in words; legacy rows without a reason fall back to the call status. */
export function reasonWords(facts: Pick<AttemptFacts, 'method' | 'reason' | 'callstatus' | 'calendarName'> & { reasonDetail?: string | null }): string {
  const reason = facts.reason ?? legacyReason(facts)
  if (!reason) return 'Failed'
  if (reason === ATTEMPT_REASON.missingTag && !facts.reasonDetail) return `${notVerb(facts.method)}: the message needs details the appointment does not have`
  const words = REASON_WORDS[reason].replace('{calendar}', facts.calendarName).replace('{detail}', facts.reasonDetail ?? '')
  return NOT_CONTACTED.includes(reason) ? `${notVerb(facts.method)}: ${words}` : words
}

function legacyReason(facts: Pick<AttemptFacts, 'callstatus'>): AttemptReason | null {
  if (facts.callstatus === CallStatus.busy) return ATTEMPT_REASON.busy
  if (facts.callstatus === CallStatus.noAnswer) return ATTEMPT_REASON.noAnswer
  if (facts.callstatus === CallStatus.failed) return ATTEMPT_REASON.callFailed
  return null
}

export function callResultWords(result: number | null, answeredBy: string | null, transferredTo: string | null): string {
  if (result === ALARM_RESULT.confirmed) return 'Confirmed'
  if (result === ALARM_RESULT.cancelled) return 'Cancelled by the patient'
  if (result === ALARM_RESULT.rescheduled) return transferredTo ? `Wants another time — put through to ${transferredTo}` : 'Wants another time'
  if (answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax')) return 'Message left on the answering machine'
  return 'Answered, no key pressed'
}

export function attemptWords(f: AttemptFacts, zone: string, now = new Date()): Words {
  if (f.status === ALARM_STATUS.pending || f.status === ALARM_STATUS.inProcess) {
    if (f.method === ALARM_METHOD.sms) return { text: 'Sending the text…', tone: 'wait' }
    if (f.method === ALARM_METHOD.email) return { text: 'Sending the e-mail…', tone: 'wait' }
    if (f.callstatus === CallStatus.ringing) return { text: 'Ringing…', tone: 'wait' }
    if (f.callstatus === CallStatus.inProgress) return { text: 'On the phone now', tone: 'wait' }
    return { text: 'Calling… (waiting for a free line)', tone: 'wait' }
  }
  if (f.status === ALARM_STATUS.success) {
    if (f.method === ALARM_METHOD.sms) return { text: f.smsStatus === 'delivered' ? 'Text delivered' : 'Text sent (the carrier did not confirm delivery)', tone: 'ok' }
    if (f.method === ALARM_METHOD.email) return { text: 'E-mail sent', tone: 'ok' }
    const text = callResultWords(f.callResult, f.answeredBy, f.transferredTo)
    return { text, tone: f.callResult === ALARM_RESULT.cancelled || f.callResult === ALARM_RESULT.rescheduled ? 'wait' : 'ok' }
  }
  const why = reasonWords(f)
  if (f.status === ALARM_STATUS.retry) {
    return { text: f.retryAt ? `${why} — will retry at ${formatShortTime(f.retryAt, zone, now)}` : `${why} — will retry`, tone: 'wait' }
  }
  if (f.status === ALARM_STATUS.cancelled) return { text: `${why} — the reminder was cancelled`, tone: 'neutral' }
  const stopped = f.reason !== null && NOT_CONTACTED.includes(f.reason)
  return { text: stopped ? why : `${why} — no more attempts`, tone: 'bad' }
}

export interface AlarmFacts {
  method: number
  status: number
  result: number
  numAttempt: number
  plannedAt: Date | null
  eventStatus: number
  deletedAt: Date | null
}

/** Where a reminder as a whole stands: waiting (and until when), done (and how), failed, cancelled. */
export function alarmWords(a: AlarmFacts, zone: string, now = new Date()): Words {
  const at = (d: Date | null) => (d ? ` at ${formatShortTime(d, zone, now)}` : '')
  if (a.deletedAt) return { text: 'Deleted', tone: 'neutral' }
  switch (a.status) {
    case ALARM_STATUS.pending:
      return a.eventStatus === EVENT_STATUS.paused
        ? { text: 'On hold: the appointment is paused', tone: 'neutral' }
        : { text: `Waiting: first attempt${at(a.plannedAt)}`, tone: 'wait' }
    case ALARM_STATUS.inProcess: return { text: 'In progress', tone: 'wait' }
    case ALARM_STATUS.retry: return { text: `Waiting to try again${at(a.plannedAt)}`, tone: 'wait' }
    case ALARM_STATUS.success:
      if (a.method !== ALARM_METHOD.call) return { text: a.method === ALARM_METHOD.sms ? 'Text sent' : 'E-mail sent', tone: 'ok' }
      return { text: callResultWords(a.result, null, null), tone: a.result === ALARM_RESULT.confirmed ? 'ok' : 'wait' }
    case ALARM_STATUS.failure:
      return { text: `Failed after ${a.numAttempt} attempt${a.numAttempt === 1 ? '' : 's'}`, tone: 'bad' }
    case ALARM_STATUS.expired: return { text: 'Not sent: too late (the appointment had begun or the server was down)', tone: 'bad' }
    case ALARM_STATUS.cancelled: return { text: 'Cancelled', tone: 'neutral' }
    default: return { text: `Status ${a.status}`, tone: 'neutral' }
  }
}
