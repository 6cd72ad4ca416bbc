import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.js'

/**
 * Two kinds of value no request field may carry, checked for every route:
 * - a NUL character (U+0000): PostgreSQL text and jsonb cannot hold one, so a value carrying it
 *   would fail inside the database. Checked before validation, in the path, query and body.
 * - a number that is not finite: a query or path value like `1e400` or `Infinity` is coerced by
 *   Ajv to Infinity, which then slips past `integer`, `minimum` and `maximum` (Ajv skips limits
 *   for non-finite numbers). Checked after validation, on the values the handler would get.
 * The first offender is named: `fields.title`, `fields.emails.0.email`, `fields.page`.
 */
const MAX_DEPTH = 64

type Check = (value: unknown) => boolean
const hasNul: Check = (value) => typeof value === 'string' && value.includes('\u0000')
const notFinite: Check = (value) => typeof value === 'number' && !Number.isFinite(value)

/**
 * The path to the first value `bad` holds for (a key with a NUL counts too), or null. The path is built only on the
 * way back from a find: every request passes through here twice, and almost all of them hold nothing bad.
 */
function find(value: unknown, bad: Check, depth = 0): string[] | null {
  if (bad(value)) return []
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return null
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    if (key.includes('\u0000')) return [key.replaceAll('\u0000', '\\u0000')]
    const found = find((value as Record<string, unknown>)[key], bad, depth + 1)
    if (found) {
      found.unshift(key)
      return found
    }
  }
  return null
}

/** Named as validation errors name fields (plugins/errors.ts): `title`, `emails.0.email`; the message says where. */
function check(sources: [string, unknown][], bad: Check, problem: string): void {
  for (const [where, value] of sources) {
    const path = find(value, bad)
    if (!path) continue
    const field = path.join('.') || 'body'
    throw new AppError(400, 'invalid', `${where ? `${where}: ` : ''}${field}: ${problem}`, { [field]: problem })
  }
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    check([['params', request.params], ['querystring', request.query], ['', request.body]], hasNul, 'must not contain NUL characters (\\u0000)')
  })
  app.addHook('preHandler', async (request) => {
    check([['params', request.params], ['querystring', request.query], ['', request.body]], notFinite, 'must be a finite number')
  })
}
