import type { FastifyInstance } from 'fastify'
import { requireAuth } from '../plugins/authenticate.js'
import { organizationRoutes } from './organizations.js'
import { tokenRoutes } from './tokens.js'
import { userRoutes } from './users.js'

/** Everything under /rest-api/ needs Basic or Token credentials. Features register their routes here. */
export async function registerRestApi(api: FastifyInstance): Promise<void> {
  requireAuth(api, api)
  await api.register(tokenRoutes)
  await api.register(organizationRoutes)
  await api.register(userRoutes)
}
