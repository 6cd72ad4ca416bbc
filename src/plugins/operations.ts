import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { migrationsApplied } from '../db/migrate.js'

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
    { schema: { ...ops, summary: 'The database is reachable and migrated', response: { 200: Status, 503: Status } } },
    async (request, reply) => {
      try {
        if (!(await migrationsApplied(database))) return reply.status(503).send({ status: 'migrations pending' })
        return { status: 'ready' }
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed')
        return reply.status(503).send({ status: 'database unreachable' })
      }
    },
  )

  app.get('/metrics', { schema: { ...ops, summary: 'Prometheus metrics', hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}
