export type MachineDetectionMode = 'Enable' | 'DetectMessageEnd'

export interface PlaceCallOptions {
  to: string
  from: string
  /** Fetched (POST) when the callee answers; must return TwiML. */
  voiceUrl: string
  statusCallbackUrl: string
  /** Ring time before the carrier gives up with `no-answer`. */
  timeoutSeconds: number
  machineDetection?: MachineDetectionMode
  /** When set, AMD runs in the background and its verdict is posted here. */
  asyncAmdStatusCallbackUrl?: string
}

export interface SendSmsOptions {
  to: string
  from: string
  body: string
  statusCallbackUrl?: string
  /** seconds the carrier may keep it queued before dropping it unsent (Twilio's ValidityPeriod, 1–36,000) */
  validityPeriodSeconds?: number
}

export interface CallSnapshot {
  sid: string
  status: string
  duration: number | null
  answeredBy: string | null
}

/** A call in the carrier's call list, with what identifies it there (its Url is not part of Twilio's Call resource). */
export interface ListedCall extends CallSnapshot {
  to: string
  from: string
  dateCreated: Date
}

export interface SmsSnapshot {
  sid: string
  status: string
  errorCode: string | null
}

export interface WebhookToValidate {
  signature: string | undefined
  /** The public URL the provider was told to call (never rebuilt from the Host header). */
  url: string
  params: Record<string, string>
}

export interface TelephonyProvider {
  placeCall(o: PlaceCallOptions): Promise<{ sid: string; status: string }>
  hangup(sid: string): Promise<void>
  fetchCall(sid: string): Promise<CallSnapshot>
  /** The carrier's most recent calls from `from` to `to`, newest first (at most `limit`). */
  listCalls(filter: { to: string; from: string; limit: number }): Promise<ListedCall[]>
  sendSms(o: SendSmsOptions): Promise<{ sid: string; status: string }>
  fetchSms(sid: string): Promise<SmsSnapshot>
  validateWebhook(o: WebhookToValidate): boolean
}
