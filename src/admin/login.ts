import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'
import { html } from './html.js'
import { page, send } from './layout.js'
import { loadAdminPrincipal } from './data/principal.js'
import { clearedSessionCookie, sessionCookie, sessionKey, signSession } from './session.js'

/** Only paths inside the admin UI: `next` must never send a user to another site. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[^/\\]|\/?$|\/?\?)/.test(next) && !/[\r\n]/.test(next) ? next : '/admin'
}

function loginPage(reply: FastifyReply, status: number, form: { username?: string; next?: string; error?: string }) {
  const body = html`<div class="login"><h1>Tocsin admin</h1>
${form.error ? html`<div class="error">${form.error}</div>` : ''}
<form method="post" action="/admin/login">
<input type="hidden" name="next" value="${safeNext(form.next)}">
<label>Username<input name="username" autocomplete="username" required autofocus value="${form.username ?? ''}"></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
</form></div>`
  return send(reply, status, page('Log in', null, body))
}

const secure = (request: FastifyRequest) => request.protocol === 'https'

export async function loginRoutes(app: FastifyInstance): Promise<void> {
  const { db, auth, config } = app.deps
  const key = sessionKey(config.secretKey)

  app.get<{ Querystring: { next?: string } }>('/login', { schema: { hide: true } }, async (request, reply) =>
    loginPage(reply, 200, { next: request.query.next }))

  app.post<{ Body: { username?: string; password?: string; next?: string } }>('/login', { schema: { hide: true } }, async (request, reply) => {
    const username = String(request.body?.username ?? '').trim()
    const password = String(request.body?.password ?? '')
    const next = request.body?.next
    if (!username || !password) return loginPage(reply, 400, { username, next, error: 'Enter your username and password.' })
    let userId: number
    try {
      // The API's authenticator: same password check, same per-user-and-address failure limit.
      userId = (await auth.basic(username, password, request.ip)).id
    } catch (err) {
      if (!(err instanceof AppError) || (err.statusCode !== 401 && err.statusCode !== 429)) throw err
      if (err.headers?.['retry-after']) reply.header('retry-after', err.headers['retry-after'])
      const error = err.statusCode === 429 ? 'Too many failed attempts; try again later.' : 'Invalid username or password.'
      return loginPage(reply, err.statusCode === 429 ? 429 : 200, { username, next, error })
    }
    const row = await loadAdminPrincipal(db, userId)
    if (!row) return loginPage(reply, 200, { username, next, error: 'Invalid username or password.' })
    const { value } = signSession(key, row.id, row.passwordHash)
    reply.header('set-cookie', sessionCookie(value, secure(request)))
    return reply.redirect(safeNext(next), 303)
  })

  // A stateless cookie cannot be revoked server-side; logout clears it in this browser.
  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    reply.header('set-cookie', clearedSessionCookie(secure(request)))
    return reply.redirect('/admin/login', 303)
  })
}
