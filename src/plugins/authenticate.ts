import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { readSession, sameOrigin, sessionKey } from '../admin/session.js'
import { forbidden, unauthorized } from '../errors.js'
import { parseBasic, type Principal } from '../services/auth.js'
import type { Role } from '../db/schema/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal
  }
}

/** Extra schemes (the CRM's JWT) register here: given the scheme and credentials, return a principal. */
export type AuthScheme = (credentials: string, request: FastifyRequest) => Promise<Principal>

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Adds an onRequest hook to `scope` that requires Basic or Token credentials (with `extraSchemes`,
 * also the registered ones: the CRM's JWT), or the admin session cookie, and sets request.principal.
 */
export function requireAuth(
  app: FastifyInstance, scope: FastifyInstance, { roles, extraSchemes = false }: { roles?: readonly Role[]; extraSchemes?: boolean } = {},
): void {
  const key = sessionKey(app.deps.config.secretKey)
  scope.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (request.routeOptions.config?.public) return
    const header = request.headers.authorization
    if (!header) {
      const session = request.headers.cookie ? await readSession(app.deps.db, key, request) : null
      if (!session) throw unauthorized()
      // A browser sends the cookie with any request to this site: writes must come from this site (CSRF, session.ts).
      if (!SAFE_METHODS.has(request.method) && !sameOrigin(request, app.deps.config.publicUrl)) {
        throw forbidden('A request authenticated by the admin session must come from this site (Origin)')
      }
      request.principal = session
      if (roles && !roles.includes(session.role)) throw forbidden()
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
    } else if (extraSchemes && app.deps.authSchemes[scheme]) {
      request.principal = await app.deps.authSchemes[scheme](credentials, request)
    } else {
      throw unauthorized(`Unsupported authorization scheme "${header.slice(0, space)}"`)
    }
    if (roles && !roles.includes(request.principal.role)) throw forbidden()
  })
}
