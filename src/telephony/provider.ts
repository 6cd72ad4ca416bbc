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
}

export interface CallSnapshot {
  sid: string
  status: string
  duration: number | null
  answeredBy: string | null
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
  sendSms(o: SendSmsOptions): Promise<{ sid: string; status: string }>
  fetchSms(sid: string): Promise<SmsSnapshot>
  validateWebhook(o: WebhookToValidate): boolean
}
