import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { AppError, FieldErrors } from '../errors.js'

/**
 * Error bodies as Django REST framework writes them, for the two surfaces that speak the
 * originals' APIs (the CRM at the root, the Newfies-Dialer API under /rest-api/): `{"field":
 * ["message"]}`, `{"non_field_errors": [...]}` or `{"detail": "..."}`. Tocsin's own surfaces keep
 * `{"error": {...}}` (plugins/errors.ts chooses per route, see `drfSurface`).
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** errors of this route are written as Django REST framework does */
    drf?: boolean
    /** reachable without credentials (the CRM answers OPTIONS to anyone, as the original did) */
    public?: boolean
  }
}

export const NON_FIELD_ERRORS = 'non_field_errors'

/**
 * Every route registered in `scope` from now on (children included) answers errors the DRF way, but those that say
 * `config: { drf: false }` (Tocsin's own endpoints on a DRF surface, such as the CRM's reminder plans).
 */
export function drfSurface(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), drf: route.config?.drf ?? true }
  })
}

// Paths without a route that still belong to a DRF surface (their 404 is `{"detail": "Not found."}`).
const DRF_PATHS = /^\/(rest-api|contact|contacttype|appointment|appointmentnotes|appointmentnotifications|appointmentdrivingtimes)(\/|$)/
const TOCSIN_ONLY = /^\/rest-api\/(organization|token|user|survey)(\/|$)/

export function isDrfRequest(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.drf) return true
  if (request.routeOptions.url) return false
  const path = request.url.split('?')[0] ?? ''
  return DRF_PATHS.test(path) && !TOCSIN_ONLY.test(path)
}

/** `emails.0.email` → `emails`: DRF reports a problem inside a list or object under its field. */
export function drfFields(fields: FieldErrors): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [path, problem] of Object.entries(fields)) {
    const top = path === '' || path === 'body' ? NON_FIELD_ERRORS : path.split('.')[0]!
    const list = out[top] ?? []
    list.push(problem)
    out[top] = list
  }
  return out
}

/** The detail DRF gives for statuses whose message is fixed. */
const DETAIL: Record<number, string> = {
  404: 'Not found.',
  500: 'A server error occurred.',
}

/** An AppError as DRF would answer it: the status (401 becomes 403, see below) and the body. */
export function drfError(err: AppError, method: string): { status: number; body: unknown } {
  // Both originals list SessionAuthentication first, which has no WWW-Authenticate challenge, so DRF
  // answers missing or wrong credentials with 403 rather than 401.
  const status = err.statusCode === 401 ? 403 : err.statusCode
  if (err.drfBody !== undefined) return { status, body: err.drfBody }
  if (status === 400 && err.fields && Object.keys(err.fields).length > 0) return { status, body: drfFields(err.fields) }
  if (status === 400) return { status, body: { [NON_FIELD_ERRORS]: [err.message] } }
  if (status === 405) return { status, body: { detail: `Method "${method}" not allowed.` } }
  return { status, body: { detail: DETAIL[status] ?? err.message } }
}

/** Error responses of the DRF surfaces, for the OpenAPI document. */
const Detail = Type.Object({ detail: Type.String() })
export const drfErrorResponses = {
  400: Type.Unknown({ description: '`{"field": ["message"]}`, `{"non_field_errors": ["message"]}` or `{"detail": "message"}`' }),
  403: Detail,
  404: Detail,
} as const

/**
 * Routes registered in `scope` from now on keep Tocsin's error format although they sit on a DRF surface: Tocsin's
 * own endpoints there (the CRM's reminder plans). Its onRoute hook runs after the surface's, so it wins.
 */
export function tocsinSurface(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), drf: false }
  })
}
