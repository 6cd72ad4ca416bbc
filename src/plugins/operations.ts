import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { checkReadiness, READINESS_DEADLINE_MS } from '../db/readiness.js'

/** /healthz (process up), /readyz (database reachable, migrations applied), /metrics, request timing. */
export function registerOperations(app: FastifyInstance): void {
  const { metrics, database } = app.deps

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })

  const Status = Type.Object({ status: Type.String() }, { additionalProperties: true })
  const ops = { tags: ['operations'], security: [] }

  app.get('/healthz', { schema: { ...ops, summary: 'The process is up', response: { 200: Status } } }, async () => ({
    status: 'ok',
  }))

  app.get(
    '/readyz',
    {
      schema: {
        ...ops, summary: `The database is reachable and migrated (answers within ${READINESS_DEADLINE_MS / 1000} s)`,
        response: { 200: Status, 503: Status },
      },
    },
    async (request, reply) => {
      const { status, error } = await checkReadiness(database.url)
      if (status === 'ready') return { status }
      if (error) request.log.warn({ err: error }, 'readiness check failed')
      else request.log.warn({ status }, 'readiness check failed')
      return reply.status(503).header('retry-after', '5').send({ status })
    },
  )

  app.get('/metrics', { schema: { ...ops, summary: 'Prometheus metrics', hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}
