/**
 * The create-request errors a simulated number can be scripted to provoke (`error_code` in its callee script), with
 * the HTTP status and words Twilio answers them with. Each concerns one side of the request: the number called or
 * texted (`to`), or the caller ID / sender (`from`, e.g. an unverified caller ID fails every call made from it).
 */
export interface SimulatedError {
  status: number
  /** which create requests can meet it */
  applies: 'calls' | 'messages' | 'both'
  side: 'to' | 'from'
  message(numbers: { to: string; from: string }): string
}

export const SIMULATED_ERRORS: Readonly<Record<number, SimulatedError>> = {
  13224: { status: 400, applies: 'calls', side: 'to', message: () => 'Twilio does not support calling this number or the number is invalid' },
  20429: { status: 429, applies: 'both', side: 'to', message: () => 'Too Many Requests' },
  21210: {
    status: 400, applies: 'calls', side: 'from',
    message: ({ from }) => `The source phone number provided, ${from}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.`,
  },
  21211: { status: 400, applies: 'both', side: 'to', message: ({ to }) => `The 'To' number ${to} is not a valid phone number.` },
  21215: {
    status: 400, applies: 'calls', side: 'to',
    message: ({ to }) => `Account not authorized to call ${to}. Perhaps you need to enable some international permissions: https://www.twilio.com/console/voice/calls/geo-permissions/low-risk`,
  },
  21610: { status: 400, applies: 'messages', side: 'to', message: () => 'Attempt to send to unsubscribed recipient' },
  // Twilio's test credentials answer a full sender queue with HTTP 429 and these words.
  21611: { status: 429, applies: 'messages', side: 'from', message: () => 'SMS queue is full.' },
  // Not described in Twilio's published error dictionary (as far as we could find); answered as a plain refusal.
  22005: { status: 400, applies: 'both', side: 'to', message: () => 'The request was refused (error 22005).' },
}

/** Twilio's answer to a text for someone who texted STOP to that sender (until they text START). */
export const OPTED_OUT = 21610

export const SIMULATED_ERROR_CODES = Object.keys(SIMULATED_ERRORS).map(Number)

/** The error a create meets, from the scripts of its two numbers; null when it goes through. */
export function scriptedError(
  kind: 'calls' | 'messages', numbers: { to: string; from: string }, errorCodeOf: (number: string) => number | null,
): { code: number; status: number; message: string } | null {
  for (const side of ['to', 'from'] as const) {
    const code = errorCodeOf(numbers[side])
    const error = code === null ? undefined : SIMULATED_ERRORS[code]
    if (!error || error.side !== side || (error.applies !== 'both' && error.applies !== kind)) continue
    return { code: code!, status: error.status, message: error.message(numbers) }
  }
  return null
}
