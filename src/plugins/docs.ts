import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** OpenAPI generated from the route schemas, browsable at /docs. */
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
        },
      },
      security: [{ basic: [] }, { token: [] }],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
