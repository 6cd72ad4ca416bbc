import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import type { User } from '../db/schema/index.js'
import { forbidden } from '../errors.js'
import { link, parseLink } from '../kit/links.js'
import { Page, PageQuery, pageOf, pageWindow } from '../kit/pagination.js'
import { errorResponses, IdParams } from '../schemas/common.js'
import { User as UserSchema, UserCreate, UserPatch } from '../schemas/user.js'
import { createUser, deleteUser, getUser, listUsers, updateUser, type UserInput } from '../accounts/users.js'

export function presentUser(request: FastifyRequest, row: User): Static<typeof UserSchema> {
  return {
    id: row.id,
    url: link(request, 'user', row.id),
    uuid: row.uuid,
    username: row.username,
    email: row.email,
    first_name: row.firstName,
    last_name: row.lastName,
    role: row.role,
    organization: link(request, 'organization', row.organizationId),
    manager: link(request, 'user', row.managerId),
    is_active: row.isActive,
    date_joined: row.dateJoined.toISOString(),
    last_login: row.lastLogin?.toISOString() ?? null,
  }
}

function toInput(body: Static<typeof UserPatch>): UserInput {
  const { organization, current_password: _current, ...rest } = body
  return { ...rest, organizationId: organization === undefined ? undefined : parseLink('organization', organization, 'organization') }
}

/** Admins manage every user; anybody else sees and edits only themselves. */
export async function userRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db, auth } = app.deps
  const tags = ['accounts']

  app.get('/user/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(UserSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listUsers(db, request.principal, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentUser(request, r)))
  })

  app.post('/user/', {
    schema: { tags, body: UserCreate, response: { 201: UserSchema, ...errorResponses } },
  }, async (request, reply) => {
    if (request.principal.role !== 'admin') throw forbidden('Only admins create users')
    const input = toInput(request.body)
    const row = await createUser(db, {
      ...input,
      username: request.body.username,
      password: request.body.password,
      organizationId: input.organizationId ?? request.principal.organizationId,
    })
    const out = presentUser(request, row)
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/user/:id/', {
    schema: { tags, params: IdParams, response: { 200: UserSchema, ...errorResponses } },
  }, async (request) => presentUser(request, await getUser(db, request.principal, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/user/:id/', {
      schema: {
        tags,
        params: IdParams,
        body: method === 'put' ? Type.Omit(UserCreate, ['password']) : UserPatch,
        response: { 200: UserSchema, ...errorResponses },
      },
    }, async (request) => {
      const body: Static<typeof UserPatch> = request.body
      if (body.password !== undefined && request.params.id === request.principal.id) {
        await auth.confirmPassword(request.principal, body.current_password, request.ip)
      }
      const row = await updateUser(db, request.principal, request.params.id, toInput(body))
      return presentUser(request, row)
    })
  }

  app.delete('/user/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteUser(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })
}
