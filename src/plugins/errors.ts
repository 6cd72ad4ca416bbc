import type { FastifyError, FastifyInstance } from 'fastify'
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
