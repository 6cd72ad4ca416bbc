import type { FastifyInstance } from 'fastify'

const RENDERS = ['application/json', 'text/html']
const PARSES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']

/** Each resource's name and description, as DRF's SimpleMetadata derives them from the original's viewsets. */
const RESOURCES = [
  { path: '/contact/', name: 'Contact List', description: "User's contacts.", allow: 'GET, POST, HEAD, OPTIONS' },
  { path: '/contact/:id/', name: 'Contact Instance', description: "User's contacts.", allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS' },
  { path: '/contacttype/', name: 'Type List', description: '', allow: 'GET, POST, HEAD, OPTIONS' },
  { path: '/contacttype/:uuid/', name: 'Type Instance', description: '', allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS' },
  {
    path: '/appointment/',
    name: 'Appointment List',
    description: "Appointments. A common use for them is to set events in a calendar.\n\nlist:\nLists all the appointments which belong to the same user's organization.",
    allow: 'GET, POST, HEAD, OPTIONS',
  },
  {
    path: '/appointment/:uuid/',
    name: 'Appointment Instance',
    description: 'Appointments. A common use for them is to set events in a calendar.',
    allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS',
  },
  { path: '/appointmentnotes/', name: 'Appointment Note List', description: '', allow: 'GET, POST, HEAD, OPTIONS' },
  { path: '/appointmentnotes/:id/', name: 'Appointment Note Instance', description: '', allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS' },
  { path: '/appointmentnotifications/', name: 'Appointment Notification List', description: 'Appointment Notifications.', allow: 'GET, POST, HEAD, OPTIONS' },
  { path: '/appointmentnotifications/:id/', name: 'Appointment Notification Instance', description: 'Appointment Notifications.', allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS' },
  { path: '/appointmentdrivingtimes/', name: 'Appointment Driving Time List', description: '', allow: 'POST, OPTIONS' },
  { path: '/appointmentdrivingtimes/:uuid/', name: 'Appointment Driving Time Instance', description: '', allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS' },
] as const

/**
 * OPTIONS on every CRM resource answers 200 without credentials, as the original's permission
 * class allowed (`AllowOptionsAuthentication`): DRF's metadata, without the write schema it only
 * shows callers allowed to write.
 */
export async function crmOptionsRoutes(scope: FastifyInstance): Promise<void> {
  for (const { path, name, description, allow } of RESOURCES) {
    scope.route({
      method: 'OPTIONS',
      url: path,
      config: { public: true },
      schema: { hide: true },
      handler: async (_request, reply) => {
        reply.header('allow', allow)
        return { name, description, renders: RENDERS, parses: PARSES }
      },
    })
  }
}
