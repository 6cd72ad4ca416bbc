import type { FastifyInstance } from 'fastify'
import { requireAuth } from '../plugins/authenticate.js'
import { calendarApiRoutes } from './calendar/index.js'
import { callRequestRoutes } from './call-requests.js'
import { consentRoutes } from './consent.js'
import { organizationRoutes } from './organizations.js'
import { sealedSurveyRoutes } from './sealed-surveys.js'
import { surveyRoutes } from './surveys.js'
import { tokenRoutes } from './tokens.js'
import { userRoutes } from './users.js'

/** Everything under /rest-api/ needs Basic or Token credentials. Features register their routes here. */
export async function registerRestApi(api: FastifyInstance): Promise<void> {
  requireAuth(api, api)
  await api.register(tokenRoutes)
  await api.register(organizationRoutes)
  await api.register(userRoutes)
  await api.register(surveyRoutes)
  await api.register(sealedSurveyRoutes)
  await api.register(calendarApiRoutes)
  await api.register(callRequestRoutes)
  await api.register(consentRoutes)
}
