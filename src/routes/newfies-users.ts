import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { User } from '../db/schema/index.js'
import { drfErrorResponses as errorResponses } from '../kit/drf-errors.js'
import { link } from '../kit/links.js'
import { Page, PageQuery, pageOf, pageWindow } from '../kit/pagination.js'
import { IdParams } from '../schemas/common.js'
import { getNewfiesUser, listNewfiesUsers } from '../accounts/newfies-users.js'

/** Newfies' UserSerializer: exactly these fields. */
const NewfiesUser = Type.Object({
  url: Type.String(),
  username: Type.String(),
  last_name: Type.String(),
  first_name: Type.String(),
  email: Type.String(),
  groups: Type.Array(Type.String(), { description: 'always empty: Tocsin has roles, not groups' }),
})

function present(request: FastifyRequest, row: User) {
  return { url: link(request, 'users', row.id), username: row.username, last_name: row.lastName, first_name: row.firstName, email: row.email, groups: [] }
}

/** `/rest-api/users/`: Newfies-Dialer's read-only user list (Tocsin's own accounts API is /rest-api/user/). */
export async function newfiesUserRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['accounts']

  app.get('/users/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(NewfiesUser), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listNewfiesUsers(db, request.principal, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => present(request, r)))
  })

  app.get('/users/:id/', {
    schema: { tags, params: IdParams, response: { 200: NewfiesUser, ...errorResponses } },
  }, async (request) => present(request, await getNewfiesUser(db, request.principal, request.params.id)))
}
