import type { FastifyRequest } from 'fastify'
import { baseUrl } from '../../http/links.js'

/**
 * This request's URL with some query parameters replaced (null: removed), the parameters sorted by
 * name as Django REST framework's replace_query_param writes them (`?cursor=…&page_size=…`).
 */
function withQuery(request: FastifyRequest, changes: Record<string, string | null>): string {
  const url = new URL(request.url, baseUrl(request))
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(key)
    else url.searchParams.set(key, value)
  }
  url.searchParams.sort()
  return url.toString()
}

/** next/previous of Django REST framework's LimitOffsetPagination. */
export function limitOffsetLinks(request: FastifyRequest, count: number, limit: number, offset: number) {
  const next = offset + limit < count ? withQuery(request, { limit: String(limit), offset: String(offset + limit) }) : null
  const previous = offset <= 0 ? null
    : withQuery(request, { limit: String(limit), offset: offset - limit <= 0 ? null : String(offset - limit) })
  return { next, previous }
}

/** This request's URL with another `cursor` (CursorPagination's next/previous). */
export function cursorLink(request: FastifyRequest, cursor: string | null): string | null {
  return cursor === null ? null : withQuery(request, { cursor })
}
