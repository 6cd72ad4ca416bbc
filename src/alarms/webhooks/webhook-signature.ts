// How url_confirm / url_cancel posts are signed, so that the receiver can tell them from forgeries and replays.
//
//   signing key  K = HMAC-SHA256(key = SECRET_KEY as UTF-8, message = "tocsin webhook signing key v1"), 32 bytes;
//                the integrator is given K as 64 lower-case hex digits, e.g.
//                  printf %s 'tocsin webhook signing key v1' | openssl dgst -sha256 -hmac "$SECRET_KEY"
//   header       X-Tocsin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(K, "<t>.<raw request body>")>
//   verify       recompute v1 over the exact bytes received, compare in constant time, and reject a `t` more than
//                five minutes away from now (replays). X-Tocsin-Delivery stays the same across retries of one
//                delivery: a receiver that has seen it already answers 2xx and does nothing.
//
// The key is derived rather than SECRET_KEY itself so that handing it to an integrator does not hand over the key
// that encrypts provider credentials and signs sessions.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'x-tocsin-signature'
export const DELIVERY_HEADER = 'x-tocsin-delivery'
export const EVENT_HEADER = 'x-tocsin-event'
const KEY_LABEL = 'tocsin webhook signing key v1'
export const SIGNATURE_TOLERANCE_SECONDS = 300

/** K, as hex: what an integrator configures to verify Tocsin's webhooks. */
export function webhookSigningKey(secretKey: string): string {
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(KEY_LABEL, 'utf8').digest('hex')
}

export function signWebhook(secretKey: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', Buffer.from(webhookSigningKey(secretKey), 'hex')).update(`${unixSeconds}.${body}`, 'utf8').digest('hex')
  return `t=${unixSeconds},v1=${mac}`
}

/** The receiver's side (what tests and integrators run), given K as hex. */
export function verifyWebhook(signingKeyHex: string, header: string | undefined, body: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (!header) return false
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]))
  const t = Number(parts.t)
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS || !parts.v1) return false
  const expected = createHmac('sha256', Buffer.from(signingKeyHex, 'hex')).update(`${t}.${body}`, 'utf8').digest()
  const given = Buffer.from(parts.v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
