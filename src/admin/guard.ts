import type { FastifyRequest } from 'fastify'
import type { Role } from '../db/schema/index.js'
import { forbidden } from '../errors.js'
import type { AdminPrincipal } from './session.js'

// Kept beside the request rather than on request.principal, which is typed for the REST API
// and lacks the organization's time zone and region the pages need.
const signedIn = new WeakMap<FastifyRequest, AdminPrincipal>()

export function setCurrentUser(request: FastifyRequest, user: AdminPrincipal): void {
  signedIn.set(request, user)
}

export function signedInUser(request: FastifyRequest): AdminPrincipal | null {
  return signedIn.get(request) ?? null
}

/** The signed-in user of a page behind the session guard. */
export function currentUser(request: FastifyRequest): AdminPrincipal {
  const user = signedIn.get(request)
  if (!user) throw new Error('admin page reached without a session')
  return user
}

export function requireRole(user: AdminPrincipal, roles: readonly Role[]): void {
  if (!roles.includes(user.role)) throw forbidden('This page is not available to your account')
}
