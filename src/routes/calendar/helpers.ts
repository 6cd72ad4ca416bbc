import type { FastifyInstance } from 'fastify'
import { methodNotAllowed } from '../../errors.js'
import { parseLink } from '../../kit/links.js'

/** A list filter given as a hyperlink or an id → the id (400 naming the parameter otherwise). */
export function filterId(field: string, value: string | undefined, resource: string): number | undefined {
  return value === undefined || value === '' ? undefined : parseLink(field, value, resource)
}

/** Answers 405 (with Allow) for the methods a resource does not offer, instead of a bare 404. */
export function refuseMethods(app: FastifyInstance, path: string, methods: readonly ('POST' | 'PUT' | 'PATCH' | 'DELETE')[], allow: string): void {
  for (const method of methods) {
    app.route({
      method,
      url: path,
      schema: { hide: true },
      handler: async (_request, reply) => {
        reply.header('allow', allow)
        throw methodNotAllowed(`${method} is not allowed here (allowed: ${allow})`)
      },
    })
  }
}
