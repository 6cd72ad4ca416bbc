import type { FastifyError, FastifyInstance } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'

interface Issue {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message: string
}

/** `{field: problem}` from schema issues; an unknown field is named as such. */
export function fieldsOf(issues: readonly Issue[]): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of issues) {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.')
    if (issue.keyword === 'additionalProperties') {
      for (const extra of (issue.params.additionalProperties as string[] | undefined) ?? []) fields[[path, extra].filter(Boolean).join('.')] ??= 'is not a known field'
      continue
    }
    // A `false` sub-schema is how an additional property shows up again: already named above.
    if (issue.keyword === 'boolean') continue
    if (issue.keyword === 'required') {
      fields[[path, String(issue.params.requiredProperties ?? issue.params.missingProperty)].filter(Boolean).join('.')] ??= 'is required'
      continue
    }
    fields[path || 'body'] ??= issue.message
  }
  return fields
}

/**
 * The simulator's routes validate strictly (the host app's validator quietly removes unknown properties) and answer
 * problems in the simulator's own format: 400 `{error: {code: 'validation_failed', message, fields}}`.
 */
export function useStrictValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => {
    const check = Compile(schema as TSchema)
    const validate = (data: unknown) => {
      const ok = check.Check(data)
      ;(validate as { errors?: unknown }).errors = ok ? null : [...check.Errors(data)]
      return ok
    }
    return validate
  })
  app.setErrorHandler((err: FastifyError & { validation?: Issue[] }, request, reply) => {
    if (err.validation) {
      const fields = fieldsOf(err.validation)
      const message = Object.entries(fields).map(([field, problem]) => `${field}: ${problem}`).join('; ')
      return reply.code(400).send({ error: { code: 'validation_failed', message, fields } })
    }
    const status = err.statusCode ?? 500
    if (status < 500) return reply.code(status).send({ error: { code: 'bad_request', message: err.message } })
    request.log.error({ err }, 'simulator error')
    return reply.code(500).send({ error: { code: 'internal', message: 'Internal server error' } })
  })
}
