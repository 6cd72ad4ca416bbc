import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { CSRF_FIELD, csrfToken } from '../../src/admin/csrf.js'
import { sessionKey } from '../../src/admin/session.js'

/** inject's default Host is localhost:80, so this Origin is "this site". */
export const SAME_ORIGIN = 'http://localhost'

/** Signs in through the login form; returns the `name=value` to send back as the Cookie header. */
export async function login(app: FastifyInstance, username: string, password = username): Promise<string> {
  const res = await app.inject({
    method: 'POST', url: '/admin/login', headers: { origin: SAME_ORIGIN },
    payload: { username, password },
  })
  if (res.statusCode !== 303) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`)
  return sessionCookieOf(res)
}

export function sessionCookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie']
  const first = Array.isArray(header) ? header[0] : header
  if (!first) throw new Error('no Set-Cookie')
  return first.split(';')[0]!
}

/** The CSRF token the pages of this session carry in their forms. */
export function csrfOf(app: FastifyInstance, cookie: string): string {
  return csrfToken(sessionKey(app.deps.config.secretKey), cookie.slice(cookie.indexOf('=') + 1))
}

/** A page as a signed-in user. */
export function get(app: FastifyInstance, cookie: string, url: string) {
  return app.inject({ method: 'GET', url, headers: { cookie } })
}

/** A form POST from this site as a signed-in user, with the session's CSRF token unless the payload sets its own. */
export function post(app: FastifyInstance, cookie: string, url: string, payload: Record<string, string>, origin = SAME_ORIGIN) {
  return app.inject({ method: 'POST', url, headers: { cookie, origin }, payload: { [CSRF_FIELD]: csrfOf(app, cookie), ...payload } })
}
