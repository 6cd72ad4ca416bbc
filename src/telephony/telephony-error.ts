/**
 * A provider call that failed. `code` and `moreInfo` are Twilio's (e.g. 21211 invalid To,
 * 20429 too many requests); `status` is the HTTP status, null when no answer arrived at all.
 */
export class TelephonyError extends Error {
  override readonly name = 'TelephonyError'
  readonly status: number | null
  readonly code: number | null
  readonly moreInfo: string | null

  constructor(
    message: string,
    details: { status: number | null; code: number | null; moreInfo?: string | null },
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.status = details.status
    this.code = details.code
    this.moreInfo = details.moreInfo ?? null
  }
}

/** Twilio says 429 requests were not processed and are safe to retry; 503 is a transient outage. */
export function isRetryableTelephonyError(err: unknown): boolean {
  return err instanceof TelephonyError && (err.status === 429 || err.status === 503)
}

/** A 429: the request was not processed (safe to send again, even one that creates something). */
export function isThrottled(err: unknown): boolean {
  return err instanceof TelephonyError && err.status === 429
}

/** Wraps whatever the twilio SDK threw (RestException, axios network error, ...) into a TelephonyError. */
export function toTelephonyError(err: unknown): TelephonyError {
  if (err instanceof TelephonyError) return err
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    status?: unknown
    code?: unknown
    message?: unknown
    moreInfo?: unknown
  }
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err)
  return new TelephonyError(
    message,
    {
      status: typeof e.status === 'number' ? e.status : null,
      // Network errors carry string codes such as ECONNREFUSED; only Twilio's numeric codes belong here.
      code: typeof e.code === 'number' ? e.code : null,
      moreInfo: typeof e.moreInfo === 'string' ? e.moreInfo : null,
    },
    { cause: err },
  )
}

/**
 * The same error without the remote answer's words: "the provider answered HTTP 404 (code 20404)", "the provider could
 * not be reached", or the outbound URL policy's own refusal.
 */
export function opaqueTelephonyError(err: TelephonyError): TelephonyError {
  const cause = err.cause as { code?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined
  const refusal = [cause, cause?.cause].find((c) => c?.code === 'EOUTBOUNDREFUSED') as { message?: unknown } | undefined
  const message = refusal !== undefined ? `refused by the outbound URL policy: ${String(refusal.message)}`
    : err.status !== null ? `the provider answered HTTP ${err.status}${err.code !== null ? ` (code ${err.code})` : ''}`
      : 'the provider could not be reached'
  return new TelephonyError(message, { status: err.status, code: err.code }, { cause: err.cause })
}

/** Socket errors that happen before a request is written: it never reached the provider. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EOUTBOUNDREFUSED'])

/**
 * The request never left (the connection was refused, the name did not resolve, the outbound URL policy said no): no
 * answer arrived, but nothing can have been done either. A timeout or a connection cut mid-way is not this.
 */
export function neverSent(err: TelephonyError): boolean {
  if (err.status !== null) return false
  let cause: unknown = err.cause
  for (let depth = 0; depth < 4 && cause !== null && typeof cause === 'object'; depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && NOT_SENT.has(code)) return true
    cause = (cause as { cause?: unknown }).cause
  }
  return false
}
