export const CALLEE_BEHAVIORS = ['answer', 'busy', 'no-answer', 'fail', 'machine'] as const
export type CalleeBehavior = (typeof CALLEE_BEHAVIORS)[number]

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
  statusHistory: Array<{ status: TwilioMessageStatus; at: string }>
  webhooks: WebhookAttempt[]
}

/** Makes the next `count` Twilio REST requests fail, to exercise client retries. */
export interface RestFault {
  status: 429 | 500 | 503
  count: number
}
