import type { FastifyInstance } from 'fastify'
import { acceptDrfBodies } from '../kit/drf-bodies.js'
import { drfSurface } from '../kit/drf-errors.js'
import { requireAuth } from '../plugins/authenticate.js'
import { calendarApiRoutes } from './calendar/index.js'
import { callRequestRoutes } from './call-requests.js'
import { newfiesUserRoutes } from './newfies-users.js'
import { consentRoutes } from './consent.js'
import { organizationRoutes } from './organizations.js'
import { sealedSurveyRoutes } from './sealed-surveys.js'
import { surveyRoutes } from './surveys.js'
import { tokenRoutes } from './tokens.js'
import { userRoutes } from './users.js'

/**
 * Everything under /rest-api/ needs Basic or Token credentials. The Newfies-Dialer resources answer
 * errors as Django REST framework does; Tocsin's own (organization, token, user, survey) keep
 * Tocsin's `{"error": …}` format (README, "Error format").
 */
export async function registerRestApi(api: FastifyInstance): Promise<void> {
  requireAuth(api, api)
  await acceptDrfBodies(api)
  await api.register(tokenRoutes)
  await api.register(organizationRoutes)
  await api.register(userRoutes)
  await api.register(surveyRoutes)
  await api.register(async (newfies) => {
    drfSurface(newfies)
    await newfies.register(sealedSurveyRoutes)
    await newfies.register(calendarApiRoutes)
    await newfies.register(callRequestRoutes)
    await newfies.register(newfiesUserRoutes)
  })
  // Tocsin's own endpoints (its error format, not DRF's)
  await api.register(consentRoutes)
}
