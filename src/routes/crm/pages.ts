import type { FastifyRequest } from 'fastify'
import { baseUrl } from '../../kit/links.js'

function requestUrl(request: FastifyRequest): URL {
  return new URL(request.url, baseUrl(request))
}

/** next/previous of Django REST framework's LimitOffsetPagination. */
export function limitOffsetLinks(request: FastifyRequest, count: number, limit: number, offset: number) {
  let next: string | null = null
  let previous: string | null = null
  if (offset + limit < count) {
    const url = requestUrl(request)
    url.searchParams.set('limit', String(limit))
    url.searchParams.set('offset', String(offset + limit))
    next = url.toString()
  }
  if (offset > 0) {
    const url = requestUrl(request)
    url.searchParams.set('limit', String(limit))
    if (offset - limit <= 0) url.searchParams.delete('offset')
    else url.searchParams.set('offset', String(offset - limit))
    previous = url.toString()
  }
  return { next, previous }
}

/** This request's URL with another `cursor` (CursorPagination's next/previous). */
export function cursorLink(request: FastifyRequest, cursor: string | null): string | null {
  if (cursor === null) return null
  const url = requestUrl(request)
  url.searchParams.set('cursor', cursor)
  return url.toString()
}
