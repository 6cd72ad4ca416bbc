import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'

/**
 * Request bodies as Django REST framework parses them: JSON, form-encoded (registered app-wide)
 * and multipart/form-data — what DRF's test client and form-based clients send. Multipart carries
 * fields only (at most 1 MB each, 1000 parts); a file part is refused.
 */
export async function acceptDrfBodies(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fieldSize: 1024 * 1024, fields: 1000, parts: 1000, files: 1, fileSize: 1 },
    onFile: async (part) => {
      part.file.resume()
      throw new AppError(400, 'invalid', `${part.fieldname}: file uploads are not accepted`, { [part.fieldname]: 'File uploads are not accepted.' })
    },
  })
  scope.addHook('preValidation', async (request) => {
    if (isForm(request)) coerceFormValues(request)
  })
}

function isForm(request: FastifyRequest): boolean {
  const type = String(request.headers['content-type'] ?? '').toLowerCase()
  return type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')
}

// rest_framework.fields.BooleanField.TRUE_VALUES / FALSE_VALUES (the string forms).
const TRUE = new Set(['t', 'true', 'y', 'yes', 'on', '1'])
const FALSE = new Set(['f', 'false', 'n', 'no', 'off', '0'])

function typesOf(schema: unknown): string[] {
  const type = (schema as { type?: unknown } | undefined)?.type
  const nullable = (schema as { nullable?: unknown } | undefined)?.nullable === true
  const types = Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : []
  return nullable ? [...types, 'null'] : types
}

/**
 * Form values are strings. As DRF reads them: "True"/"yes"/"1"… are booleans, and an empty value
 * of a nullable field that is not text is null. Ajv coerces the rest (numbers, one-item lists).
 */
function coerceFormValues(request: FastifyRequest): void {
  const body = request.body as Record<string, unknown> | null | undefined
  const properties = (request.routeOptions.schema?.body as { properties?: Record<string, unknown> } | undefined)?.properties
  if (!body || typeof body !== 'object' || !properties) return
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') continue
    const types = typesOf(properties[key])
    if (types.includes('boolean')) {
      const lowered = value.trim().toLowerCase()
      if (TRUE.has(lowered)) body[key] = true
      else if (FALSE.has(lowered)) body[key] = false
    } else if (value === '' && types.includes('null') && !types.includes('string')) {
      body[key] = null
    }
  }
}
