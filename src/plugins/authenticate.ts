import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { readSession, sameOrigin, sessionKey } from '../admin/session.js'
import { forbidden, unauthorized } from '../errors.js'
import { parseBasic, type Principal } from '../accounts/auth.js'
import type { Role } from '../db/schema/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Reads Basic, Token (or a registered extra scheme) credentials, or the admin session cookie, into
 * request.principal; throws 401 without them and 403 when `roles` does not include the caller's role.
 */
export function createAuthenticate(app: FastifyInstance, roles?: readonly Role[]): (request: FastifyRequest) => Promise<void> {
  const key = sessionKey(app.deps.config.secretKey)
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization
    if (!header) {
      const session = request.headers.cookie ? await readSession(app.deps.db, key, request) : null
      if (!session) throw unauthorized()
      // A browser sends the cookie with any request to this site: writes must come from this site (CSRF, session.ts).
      if (!SAFE_METHODS.has(request.method) && !sameOrigin(request, app.deps.config.publicUrl)) {
        throw forbidden('A request authenticated by the admin session must come from this site (Origin)')
      }
      request.principal = session
      return
    }
    const space = header.indexOf(' ')
    const scheme = header.slice(0, space).toLowerCase()
    const credentials = header.slice(space + 1).trim()
    if (scheme === 'basic') {
      const parsed = parseBasic(credentials)
      if (!parsed) throw unauthorized('Malformed Basic credentials')
      request.principal = await app.deps.auth.basic(parsed.username, parsed.password, request.ip)
    } else if (scheme === 'token') {
      request.principal = await app.deps.auth.token(credentials)
    } else if (app.deps.authSchemes[scheme]) {
      request.principal = await app.deps.authSchemes[scheme](credentials, request)
    } else {
      throw unauthorized(`Unsupported authorization scheme "${header.slice(0, space)}"`)
    }
    if (roles && !roles.includes(request.principal.role)) throw forbidden()
  }
}

/** Adds an onRequest hook to `scope` that authenticates every request (createAuthenticate). */
export function requireAuth(app: FastifyInstance, scope: FastifyInstance, roles?: readonly Role[]): void {
  const authenticate = createAuthenticate(app, roles)
  scope.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => authenticate(request))
}
