import { createHmac, timingSafeEqual } from 'node:crypto'
import { html, type SafeHtml } from './html.js'

/**
 * The second CSRF defence, beside the Origin/Referer check and the SameSite cookie (session.ts): every form of a
 * signed-in user carries a token bound to their session cookie, HMAC(session key, "csrf." + cookie value). A page
 * of another site can neither read it nor compute it, and it changes with every new session.
 */
export const CSRF_FIELD = '_csrf'

export function csrfToken(key: Buffer, sessionValue: string): string {
  return createHmac('sha256', key).update(`csrf.${sessionValue}`).digest('base64url')
}

export function csrfInput(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`
}

/** Whether a submitted form carries this session's token. */
export function csrfMatches(expected: string, body: unknown): boolean {
  const given = body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
