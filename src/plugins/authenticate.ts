import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
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

/**
 * Adds an onRequest hook to `scope` that requires Basic, Token (or a registered extra scheme)
 * credentials, and sets request.principal.
 */
export function requireAuth(app: FastifyInstance, scope: FastifyInstance, roles?: readonly Role[]): void {
  scope.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization
    if (!header) throw unauthorized()
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
  })
}
