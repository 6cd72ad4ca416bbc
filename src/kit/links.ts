import type { FastifyRequest } from 'fastify'
import { invalidField } from '../errors.js'
import { INT4_MAX } from './ids.js'

/**
 * Relations in the Newfies-compatible API are hyperlinks, built from the request's own host (as
 * Django REST framework does), and accept a hyperlink or a bare id on input.
 */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
}

export function link(request: FastifyRequest, resource: string, id: number | string): string
export function link(request: FastifyRequest, resource: string, id: number | string | null | undefined): string | null
export function link(request: FastifyRequest, resource: string, id: number | string | null | undefined): string | null {
  return id === null || id === undefined ? null : `${baseUrl(request)}/rest-api/${resource}/${id}/`
}

/**
 * `"http://host/rest-api/calendar/4/"`, `"4"` or `4` → 4; only the path is read, never the host.
 * Ids are PostgreSQL integers: a number beyond INT4_MAX names nothing and is refused here.
 */
export function parseLink(field: string, value: unknown, resource: string): number {
  const id = linkId(value, resource)
  if (id !== null && id >= 1 && id <= INT4_MAX) return id
  throw invalidField(field, `must be a ${resource} hyperlink (…/rest-api/${resource}/ID/) or an id from 1 to ${INT4_MAX}`)
}

function linkId(value: unknown, resource: string): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed)
  let path = trimmed
  try {
    path = new URL(trimmed).pathname
  } catch {
    // not an absolute URL: maybe a bare path
  }
  const match = new RegExp(`/rest-api/${resource}/(\\d{1,10})/?$`).exec(path)
  return match ? Number(match[1]) : null
}

/** Like parseLink, but null/undefined/'' pass through as null (optional relations). */
export function parseOptionalLink(field: string, value: unknown, resource: string): number | null {
  if (value === null || value === undefined || value === '') return null
  return parseLink(field, value, resource)
}
