import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type FieldErrors } from '../errors.js'
import { fromDatabaseError } from '../kit/database-errors.js'

interface ValidationIssue {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

/** Turns Ajv's issues into `{field: problem}`, naming nested fields with dots (`emails.0.email`). */
function fieldsFrom(issues: ValidationIssue[]): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of issues) {
    let path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
    let problem = issue.message ?? 'is invalid'
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

/**
 * Errors Fastify's router raises before any route runs (a path parameter longer than the router
 * allows, a malformed %-escape), in the same format as every other error. Passed to Fastify as
 * `frameworkErrors`. The path is not echoed back: it may be megabytes long.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send(body('uri_too_long', `A path parameter is longer than ${MAX_PARAM_LENGTH} characters`))
  } else if (err.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send(body('bad_request', 'The URL path is not validly %-encoded'))
  } else {
    void reply.status(err.statusCode && err.statusCode < 500 ? err.statusCode : 400).send(body('bad_request', err.message))
  }
}

/** Fastify's router refuses longer path parameters (no id, UUID or name of ours comes near it). */
export const MAX_PARAM_LENGTH = 100

/** One error format for the whole API: `{"error": {"code", "message", "fields"?}}`. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers)
      return reply.status(err.statusCode).send(body(err.code, err.message, err.fields))
    }
    const fastifyError = err as FastifyError & { validation?: ValidationIssue[] }
    if (fastifyError.validation) {
      const fields = fieldsFrom(fastifyError.validation)
      const where = fastifyError.validationContext === 'body' ? '' : `${fastifyError.validationContext}: `
      const message = Object.entries(fields).map(([f, p]) => `${where}${f}: ${p}`).join('; ')
      return reply.status(400).send(body('invalid', message, fields))
    }
    const status = fastifyError.statusCode ?? 500
    if (status === 413) return reply.status(413).send(body('too_large', 'Request body is larger than 1 MB'))
    if (status === 415) return reply.status(415).send(body('unsupported_media_type', fastifyError.message))
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, bad content length, and so on.
      const code = fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fastifyError.message)
        ? 'malformed_json' : 'bad_request'
      return reply.status(status).send(body(code, fastifyError.message))
    }
    const mapped = fromDatabaseError(err)
    if (mapped) {
      // Still logged: a schema that lets such a value through is a gap to close.
      request.log.warn({ err, status: mapped.statusCode }, 'database refused the request')
      if (mapped.headers) reply.headers(mapped.headers)
      return reply.status(mapped.statusCode).send(body(mapped.code, mapped.message, mapped.fields))
    }
    request.log.error({ err }, 'unhandled error')
    return reply.status(500).send(body('internal', 'Internal server error'))
  })

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(body('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  )
}
