import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type FieldErrors } from '../errors.js'
import { drfError, isDrfRequest } from '../kit/drf-errors.js'
import { drfProblem, type ValidationIssue } from '../kit/drf-validation.js'
import { fromDatabaseError } from '../kit/database-errors.js'

/** Turns Ajv's issues into `{field: problem}`, naming nested fields with dots (`emails.0.email`). */
function fieldsFrom(issues: ValidationIssue[], drf: boolean): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of issues) {
    let path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
    let problem = drf ? drfProblem(issue) : issue.message ?? 'is invalid'
    if (issue.keyword === 'required') {
      path = [path, String(issue.params.missingProperty)].filter(Boolean).join('.')
      problem = 'This field is required.'
    } else if (issue.keyword === 'additionalProperties') {
      path = [path, String(issue.params.additionalProperty)].filter(Boolean).join('.')
      problem = 'is not a known field'
    }
    fields[path || 'body'] ??= problem
  }
  return fields
}

function body(code: string, message: string, fields?: FieldErrors) {
  return { error: fields ? { code, message, fields } : { code, message } }
}

/** Fastify's own client errors (bad JSON, media type, size) as AppErrors, worded as DRF words them. */
function clientError(err: FastifyError, request: FastifyRequest, status: number): AppError {
  if (status === 413) return new AppError(413, 'too_large', 'Request body is larger than 1 MB')
  if (status === 415) {
    const type = String(request.headers['content-type'] ?? '').split(';')[0]
    return new AppError(415, 'unsupported_media_type', err.message, undefined, undefined, { detail: `Unsupported media type "${type}" in request.` })
  }
  const json = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || /JSON/.test(err.message)
  return new AppError(status, json ? 'malformed_json' : 'bad_request', err.message, undefined, undefined,
    { detail: json ? `JSON parse error - ${err.message}` : err.message })
}

function send(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  if (isDrfRequest(request)) {
    const { status, body: drfBody } = drfError(err, request.method)
    if (err.headers) reply.headers(Object.fromEntries(Object.entries(err.headers).filter(([k]) => k !== 'www-authenticate')))
    // The route's response schemas describe successes; an error body is written as it is.
    return reply.status(status).serializer(JSON.stringify).send(drfBody)
  }
  if (err.headers) reply.headers(err.headers)
  return reply.status(err.statusCode).serializer(JSON.stringify).send(body(err.code, err.message, err.fields))
}

/**
 * Errors Fastify's router raises before any route runs (a path parameter longer than the router
 * allows, a malformed %-escape), in the same format as every other error. Passed to Fastify as
 * `frameworkErrors`. The path is not echoed back: it may be megabytes long.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void send(request, reply, new AppError(414, 'uri_too_long', `A path parameter is longer than ${MAX_PARAM_LENGTH} characters`))
  } else if (err.code === 'FST_ERR_BAD_URL') {
    void send(request, reply, new AppError(400, 'bad_request', 'The URL path is not validly %-encoded'))
  } else {
    void send(request, reply, new AppError(err.statusCode && err.statusCode < 500 ? err.statusCode : 400, 'bad_request', err.message))
  }
}

/** Fastify's router refuses longer path parameters (no id, UUID or name of ours comes near it). */
export const MAX_PARAM_LENGTH = 100

/**
 * One error format per surface: `{"error": {"code", "message", "fields"?}}` on Tocsin's own
 * routes; Django REST framework's shapes on the originals' (kit/drf-errors.ts).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) return send(request, reply, err)
    const fastifyError = err as FastifyError & { validation?: ValidationIssue[] }
    if (fastifyError.validation) {
      const drf = isDrfRequest(request)
      const fields = fieldsFrom(fastifyError.validation, drf)
      const where = fastifyError.validationContext === 'body' ? '' : `${fastifyError.validationContext}: `
      const message = Object.entries(fields).map(([f, p]) => `${where}${f}: ${p}`).join('; ')
      return send(request, reply, new AppError(400, 'invalid', message, fields))
    }
    const status = fastifyError.statusCode ?? 500
    if (status >= 400 && status < 500) return send(request, reply, clientError(fastifyError, request, status))
    const mapped = fromDatabaseError(err)
    if (mapped) {
      // Still logged: a schema that lets such a value through is a gap to close.
      request.log.warn({ err, status: mapped.statusCode }, 'database refused the request')
      return send(request, reply, mapped)
    }
    request.log.error({ err }, 'unhandled error')
    return send(request, reply, new AppError(500, 'internal', 'Internal server error'))
  })

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, new AppError(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  )
}
