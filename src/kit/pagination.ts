// Lists come in the three shapes of Django REST framework that the two APIs copy: page numbers (/rest-api/, as
// Newfies), limit/offset (CRM contacts and notes) and cursors (CRM appointments, kit/cursor.ts). Their page sizes are
// all here.
import type { FastifyRequest } from 'fastify'
import { Type, type Static, type TSchema } from 'typebox'
import { Id } from './ids.js'
import { baseUrl } from './links.js'
import { Nullable } from './nullable.js'

/** Default and largest page per pagination style (each the size its original API used). */
export const PAGE_SIZES = {
  /** `page` / `page_size` under /rest-api/ (Newfies' PAGE_SIZE 10) */
  pageNumber: { default: 10, max: 1000 },
  /** `limit` / `offset` (CRM contacts and appointment notes) */
  limitOffset: { default: 50, max: 7000 },
  /** `cursor` / `page_size` (CRM appointments) */
  cursor: { default: 30, max: 2000 },
} as const
type PageSize = (typeof PAGE_SIZES)[keyof typeof PAGE_SIZES]

/** The page size a request asked for, within its style's bounds. */
export const pageSize = (asked: number | undefined, size: PageSize) => Math.min(asked ?? size.default, size.max)

/** The description of a page size parameter. */
export const pageSizeDescription = (size: PageSize) => `default ${size.default}, at most ${size.max}`

export const PageQuery = Type.Object({
  page: Type.Optional(Id({ description: 'page number, from 1' })),
  page_size: Type.Optional(Type.Integer({
    minimum: 1, maximum: PAGE_SIZES.pageNumber.max, description: `default ${PAGE_SIZES.pageNumber.default}`,
  })),
})
export type PageQuery = Static<typeof PageQuery>

/** The `{count, next, previous, results}` envelope of Django REST framework, for a response schema. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    count: Type.Integer(),
    next: Nullable(Type.String()),
    previous: Nullable(Type.String()),
    results: Type.Array(item),
  })
}

export function pageWindow(query: PageQuery): { limit: number; offset: number; page: number } {
  const limit = query.page_size ?? PAGE_SIZES.pageNumber.default
  const page = query.page ?? 1
  return { limit, offset: (page - 1) * limit, page }
}

function pageUrl(request: FastifyRequest, page: number): string {
  const url = new URL(request.url, baseUrl(request))
  if (page === 1) url.searchParams.delete('page')
  else url.searchParams.set('page', String(page))
  return url.toString()
}

export function pageOf<T>(request: FastifyRequest, query: PageQuery, count: number, results: T[]) {
  const { limit, page } = pageWindow(query)
  return {
    count,
    next: page * limit < count ? pageUrl(request, page + 1) : null,
    previous: page > 1 ? pageUrl(request, page - 1) : null,
    results,
  }
}

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
