import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type FieldErrors } from '../errors.js'
import { drfError, isDrfRequest } from '../http/drf-errors.js'
import { drfProblem, type ValidationIssue } from '../http/drf-validation.js'

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
 * One error format per surface: `{"error": {"code", "message", "fields"?}}` on Tocsin's own
 * routes; Django REST framework's shapes on the originals' (http/drf-errors.ts).
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
    request.log.error({ err }, 'unhandled error')
    return send(request, reply, new AppError(500, 'internal', 'Internal server error'))
  })

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, new AppError(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  )
}
