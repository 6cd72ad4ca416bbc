export const CALLEE_BEHAVIORS = ['answer', 'busy', 'no-answer', 'fail', 'machine'] as const
export type CalleeBehavior = (typeof CALLEE_BEHAVIORS)[number]

/** Every verdict Twilio's answering machine detection gives. */
export const ANSWERED_BY = ['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown'] as const
export type AnsweredBy = (typeof ANSWERED_BY)[number]

/** How a simulated phone number behaves when called or texted. */
export interface CalleeScript {
  behavior: CalleeBehavior
  /** Consumed one per <Gather>; '' or 'silence' stays silent (the Gather times out). */
  presses: string[]
  ring_seconds: number
  /** How long this person talks: recorded messages, and the conversation when a <Dial> reaches them. */
  talk_seconds: number
  /** Suppress status callbacks, to exercise reconciliation by polling. */
  drop_callbacks: boolean
  /**
   * A person at a keyboard (`tocsin phone`): a <Gather> or <Record> waits, in real time, for
   * digits pushed to POST /numbers/{number}/press instead of consuming `presses`.
   */
  interactive: boolean
  /**
   * A Twilio error code create requests meet (twilio-errors.ts): to this number, or — for caller-ID and sender codes
   * such as 21210 and 21611 — from it. null: none.
   */
  error_code: number | null
  /** What machine detection reports when it runs; null: `human`, or a machine's usual verdict for `machine`. */
  answered_by: AnsweredBy | null
}

export type TwilioCallStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'failed'
  | 'no-answer'
  | 'canceled'

export type TranscriptKind =
  | 'say'
  | 'play'
  | 'pause'
  | 'gather'
  | 'press'
  | 'record'
  | 'dial'
  | 'sms'
  | 'redirect'
  | 'hangup'
  | 'error'

export interface TranscriptEntry {
  at: string
  kind: TranscriptKind
  text?: string
  digits?: string
  url?: string
  number?: string
  seconds?: number
}

export type WebhookKind =
  | 'voice'
  | 'gather'
  | 'record'
  | 'recording-status'
  | 'dial'
  | 'redirect'
  | 'sms'
  | 'status'
  | 'amd'
  | 'message-status'
  | 'incoming-sms'

export interface WebhookAttempt {
  at: string
  kind: WebhookKind
  method: 'GET' | 'POST'
  url: string
  /** HTTP status of the answer; null when none arrived (refused, timed out). */
  status: number | null
  error?: string
  ms: number
}

export interface SimCall {
  sid: string
  /** the create request's Url (the simulator's own view shows it; Twilio's Call resource does not) */
  url: string
  /** how the create request was answered: normally, or (chaos) with a 503 or not at all, the call placed anyway */
  createAnswer: 'created' | 'unavailable' | 'no-answer'
  /** milliseconds the call waited in the account's calls-per-second queue */
  queueTimeMs: number
  accountSid: string
  from: string
  to: string
  direction: 'outbound-api'
  status: TwilioCallStatus
  answeredBy: string | null
  /** Seconds from answer to hang-up, in simulated time; null until the call ends. */
  duration: number | null
  dateCreated: Date
  dateUpdated: Date
  startTime: Date | null
  endTime: Date | null
  statusHistory: Array<{ status: TwilioCallStatus | 'initiated'; at: string }>
  transcript: TranscriptEntry[]
  webhooks: WebhookAttempt[]
}

export type TwilioMessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed'

export interface SimMessage {
  sid: string
  accountSid: string
  from: string
  to: string
  body: string
  direction: 'outbound-api'
  status: TwilioMessageStatus
  errorCode: number | null
  errorMessage: string | null
  dateCreated: Date
  dateUpdated: Date
  dateSent: Date | null
  /** The call whose <Sms> verb sent it, if any. */
  callSid: string | null
  /** seconds it may wait in its sender's queue (ValidityPeriod); null: Twilio's default, 36,000 */
  validityPeriod: number | null
  statusHistory: Array<{ status: TwilioMessageStatus; at: string }>
  webhooks: WebhookAttempt[]
}

/** A create the simulator refused with a scripted error code (nothing was created, so no call or message shows it). */
export interface SimRefusal {
  at: Date
  kind: 'calls' | 'messages'
  to: string
  from: string
  code: number
}

/** The account's queues: calls leave at calls_per_second, texts leave each sender at sms_segments_per_second. */
export interface SimLimits {
  calls_per_second: number
  sms_segments_per_second: number
}

/** Twilio's defaults: one call per second per account, about one segment per second per long-code sender. */
export const DEFAULT_LIMITS: Readonly<SimLimits> = Object.freeze({ calls_per_second: 1, sms_segments_per_second: 1 })

/** Makes the next `count` Twilio REST requests fail, to exercise client retries. */
export interface RestFault {
  status: 429 | 500 | 503
  count: number
}
