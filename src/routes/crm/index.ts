import type { FastifyInstance } from 'fastify'
import { requireAuth } from '../../plugins/authenticate.js'
import { resolveScope, type CrmScope } from '../../crm/scope.js'
import { appointmentNoteRoutes } from './appointment-notes.js'
import { appointmentNotificationRoutes } from './appointment-notifications.js'
import { appointmentRoutes } from './appointments.js'
import { contactRoutes } from './contacts.js'
import { reminderPlanRoutes } from './reminder-plans.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** the organization this CRM request works in (the caller's, or an admin's `?organization=`) */
    crm: CrmScope
  }
}

/**
 * Seed 000's CRM API at the root: /contact/, /appointment/, /appointmentnotes/,
 * /appointmentnotifications/, and the appointments' /reminderplans/. Basic, Token, or (with JWT_PUBLIC_KEY) JWT/Bearer credentials.
 */
export async function registerCrm(scope: FastifyInstance): Promise<void> {
  requireAuth(scope, scope)
  scope.decorateRequest('crm', null as unknown as CrmScope)
  scope.addHook('preHandler', async (request) => {
    const requested = (request.query as { organization?: string } | undefined)?.organization
    request.crm = await resolveScope(scope.deps.db, request.principal, requested)
  })
  await scope.register(contactRoutes)
  await scope.register(appointmentRoutes)
  await scope.register(appointmentNoteRoutes)
  await scope.register(appointmentNotificationRoutes)
  await scope.register(reminderPlanRoutes)
}
