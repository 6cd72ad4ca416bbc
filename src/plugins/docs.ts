import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

const CRM_PATHS = /^\/(contact|contacttype|appointment|appointmentnotes|appointmentnotifications|appointmentdrivingtimes)\//

/**
 * OpenAPI generated from the route schemas, browsable at /docs. `/docs/swagger.json` is the CRM
 * part alone, under the original service's title ("CRM Service API"), where its clients look.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tocsin',
        version: '0.1.0',
        description: 'Appointment reminders and IVR: the Newfies-Dialer compatible API under /rest-api/, the CRM API at the root.',
      },
      components: {
        securitySchemes: {
          basic: { type: 'http', scheme: 'basic' },
          token: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`Token <token>` from POST /rest-api/token/' },
          jwt: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`JWT <token>` (RS256, with JWT_PUBLIC_KEY): the CRM API only' },
        },
      },
      security: [{ basic: [] }, { token: [] }],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/docs/swagger.json', { schema: { hide: true } }, async () => {
    const whole = app.swagger() as { info: Record<string, unknown>; paths?: Record<string, unknown> }
    const paths = Object.fromEntries(Object.entries(whole.paths ?? {}).filter(([path]) => CRM_PATHS.test(path)))
    return {
      ...whole,
      info: { title: 'CRM Service API', version: 'latest', description: 'A microservice for managing contacts and appointments.' },
      paths,
      security: [{ basic: [] }, { token: [] }, { jwt: [] }],
    }
  })
}
