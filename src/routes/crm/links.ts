import type { FastifyRequest } from 'fastify'
import { invalidField } from '../../errors.js'
import { baseUrl } from '../../kit/links.js'
import { isUuid } from '../../kit/values.js'

/** CRM hyperlinks sit at the root, as in the original service: `http://host/appointment/<uuid>/`. */
export function crmLink(request: FastifyRequest, resource: string, key: number | string): string {
  return new URL(`/${resource}/${key}/`, baseUrl(request)).toString()
}

/** `http://host/appointment/<uuid>/`, a bare path, or the UUID itself → the UUID (the host is never read). */
export function parseAppointmentRef(field: string, value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (isUuid(trimmed)) return trimmed.toLowerCase()
    let path = trimmed
    try {
      path = new URL(trimmed).pathname
    } catch {
      // not an absolute URL: maybe a bare path
    }
    const match = /\/appointment\/([0-9a-fA-F-]{36})\/?$/.exec(path)
    if (match?.[1] && isUuid(match[1])) return match[1].toLowerCase()
  }
  throw invalidField(field, 'must be an appointment hyperlink (…/appointment/UUID/) or an appointment UUID')
}
