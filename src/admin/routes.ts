import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { fromDatabaseError } from '../kit/database-errors.js'
import { AppError } from '../errors.js'
import { alarmRequestDetailRoutes } from './alarm-request.js'
import { alarmRequestRoutes } from './alarm-requests.js'
import { appointmentRoutes } from './appointment.js'
import { appointmentListRoutes } from './appointments.js'
import { auditRoutes } from './audit.js'
import { callRoutes } from './calls.js'
import { csrfMatches } from './csrf.js'
import { doNotContactRoutes } from './do-not-contact.js'
import { eventRoutes } from './events.js'
import { setCurrentUser, signedInUser } from './guard.js'
import { html } from './html.js'
import { page, send } from './layout.js'
import { loginRoutes } from './login.js'
import { messageRoutes } from './messages.js'
import { outboxRoutes } from './outbox.js'
import { overviewRoutes } from './overview.js'
import { reminderPlanRoutes } from './reminder-plans.js'
import { readSession, sameOrigin, sessionKey, type AdminPrincipal } from './session.js'

const PUBLIC_PATHS = new Set(['/admin/login'])
// No script anywhere in the UI: a CSP without script sources turns any escaping slip into inert text.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

function errorPage(reply: FastifyReply, user: AdminPrincipal | null, status: number, title: string, message: string) {
  return send(reply, status, page(title, user, html`<h1>${title}</h1><div class="error" role="alert">${message}</div><p><a href="/admin">← Overview</a></p>`))
}

/**
 * The server-rendered admin UI (see the README), mounted at /admin outside the REST API's auth hook: it signs in with a session
 * cookie instead (session.ts). Every POST passes two CSRF checks: its Origin/Referer names this site
 * (sameOrigin, login included), and — once signed in — its form carries the session's token (csrf.ts).
 */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const { db, config } = app.deps
  const key = sessionKey(config.secretKey)

  app.addHook('onRequest', async (request, reply) => {
    reply.headers({ 'cache-control': 'no-store', 'content-security-policy': CSP, 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' })
    if (request.method === 'POST' && !sameOrigin(request, config.publicUrl)) {
      return errorPage(reply, null, 403, 'Refused', 'This form was not submitted from this site (Origin/Referer check).')
    }
    if (PUBLIC_PATHS.has(request.routeOptions.url ?? '')) return
    const user = await readSession(db, key, request)
    if (!user) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : ''
      return reply.redirect(`/admin/login${next}`, 303)
    }
    setCurrentUser(request, user)
  })

  // The body is parsed by now: a signed-in POST without this session's token changes nothing.
  app.addHook('preHandler', async (request, reply) => {
    const user = signedInUser(request)
    if (request.method === 'POST' && user && !csrfMatches(user.csrf, request.body)) {
      return errorPage(reply, user, 403, 'Refused', 'This form has expired or did not come from this site. Go back, reload the page and try again.')
    }
  })

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const user = signedInUser(request)
    if (err instanceof AppError) {
      if (err.statusCode === 404) return errorPage(reply, user, 404, 'Not found', err.message)
      if (err.statusCode === 403) return errorPage(reply, user, 403, 'Forbidden', err.message)
      if (err.headers) reply.headers(err.headers)
      return errorPage(reply, user, err.statusCode, 'Error', err.message)
    }
    const status = (err as FastifyError).statusCode ?? 500
    if ((err as FastifyError).validation || (status >= 400 && status < 500)) {
      return errorPage(reply, user, status >= 400 && status < 500 ? status : 400, 'Bad request', err.message)
    }
    const mapped = fromDatabaseError(err)
    if (mapped) {
      request.log.warn({ err, status: mapped.statusCode }, 'database refused the request')
      if (mapped.headers) reply.headers(mapped.headers)
      return errorPage(reply, user, mapped.statusCode, mapped.statusCode === 503 ? 'Try again shortly' : 'Bad request', mapped.message)
    }
    request.log.error({ err }, 'admin page failed')
    return errorPage(reply, user, 500, 'Something went wrong', 'The page could not be shown; the error was logged.')
  })

  app.setNotFoundHandler((request, reply) => errorPage(reply, signedInUser(request), 404, 'Not found', 'There is no such page.'))

  await app.register(loginRoutes)
  await app.register(overviewRoutes)
  await app.register(alarmRequestRoutes)
  await app.register(alarmRequestDetailRoutes)
  await app.register(appointmentListRoutes)
  await app.register(appointmentRoutes)
  await app.register(eventRoutes)
  await app.register(reminderPlanRoutes)
  await app.register(callRoutes)
  await app.register(messageRoutes)
  await app.register(outboxRoutes)
  await app.register(doNotContactRoutes)
  await app.register(auditRoutes)
}
