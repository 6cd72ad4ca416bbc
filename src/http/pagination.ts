import type { FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { Id } from '../schemas/common.js'
import { baseUrl } from './links.js'

export const DEFAULT_PAGE_SIZE = 10
export const MAX_PAGE_SIZE = 1000

export const PageQuery = Type.Object({
  page: Type.Optional(Id({ description: 'page number, from 1' })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `default ${DEFAULT_PAGE_SIZE}` })),
})
export type PageQuery = Static<typeof PageQuery>

/** The `{count, next, previous, results}` envelope of Django REST framework, for a response schema. */
export function Page<T extends import('typebox').TSchema>(item: T) {
  return Type.Object({
    count: Type.Integer(),
    next: Type.Union([Type.String(), Type.Null()]),
    previous: Type.Union([Type.String(), Type.Null()]),
    results: Type.Array(item),
  })
}

export function pageWindow(query: PageQuery): { limit: number; offset: number; page: number } {
  const limit = query.page_size ?? DEFAULT_PAGE_SIZE
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
