import type { FastifyInstance } from 'fastify'
import { acceptDrfBodies } from '../../kit/drf-bodies.js'
import { drfSurface } from '../../kit/drf-errors.js'
import { requireAuth } from '../../plugins/authenticate.js'
import { resolveScope, type CrmScope } from '../../crm/scope.js'
import { appointmentNoteRoutes } from './appointment-notes.js'
import { appointmentNotificationRoutes } from './appointment-notifications.js'
import { appointmentRoutes } from './appointments.js'
import { contactTypeRoutes } from './contact-types.js'
import { contactRoutes } from './contacts.js'
import { drivingTimeRoutes } from './driving-times.js'
import { crmOptionsRoutes } from './options.js'
import { reminderPlanRoutes } from './reminder-plans.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** the organization this CRM request works in (the caller's, or an admin's `?organization=`) */
    crm: CrmScope
  }
}

/**
 * The CRM API of the original contact & appointment service, at the root: /contact/,
 * /contacttype/, /appointment/, /appointmentnotes/, /appointmentnotifications/,
 * /appointmentdrivingtimes/; and Tocsin's reminders: /reminderplans/ and /appointment/{uuid}/reminders/.
 * Basic, Token, or (with JWT_PUBLIC_KEY) JWT/Bearer credentials; errors and bodies as Django REST
 * framework handles them, but on Tocsin's reminder endpoints (Tocsin's format).
 */
export async function registerCrm(scope: FastifyInstance): Promise<void> {
  drfSurface(scope)
  requireAuth(scope, scope, { extraSchemes: true })
  await acceptDrfBodies(scope)
  scope.decorateRequest('crm', null as unknown as CrmScope)
  scope.addHook('preHandler', async (request) => {
    if (request.routeOptions.config?.public) return
    const requested = (request.query as { organization?: string } | undefined)?.organization
    request.crm = await resolveScope(scope.deps.db, request.principal, requested)
  })
  await scope.register(crmOptionsRoutes)
  await scope.register(contactRoutes)
  await scope.register(contactTypeRoutes)
  await scope.register(appointmentRoutes)
  await scope.register(drivingTimeRoutes)
  await scope.register(appointmentNoteRoutes)
  await scope.register(appointmentNotificationRoutes)
  await scope.register(reminderPlanRoutes)
}
