import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { count, eq } from 'drizzle-orm'
import { Type, type Static } from 'typebox'
import { PG, pgErrorCode } from '../db/pg-error.js'
import { organization, users, type Organization } from '../db/schema/index.js'
import { conflict, forbidden, notFound } from '../errors.js'
import { link } from '../http/links.js'
import { Page, PageQuery, pageOf, pageWindow } from '../http/pagination.js'
import { errorResponses, IdParams } from '../schemas/common.js'
import { Organization as OrganizationSchema, OrganizationCreate, OrganizationPatch } from '../schemas/organization.js'
import { checkTimezone } from '../services/validation.js'

function present(request: FastifyRequest, row: Organization): Static<typeof OrganizationSchema> {
  return {
    id: row.id,
    url: link(request, 'organization', row.id),
    uuid: row.uuid,
    name: row.name,
    phone: row.phone,
    timezone: row.timezone,
    default_region: row.defaultRegion,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}

/** Organizations are managed by admins only. */
export async function organizationRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['accounts']
  app.addHook('preHandler', async (request) => {
    if (request.principal.role !== 'admin') throw forbidden('Only admins manage organizations')
  })

  async function find(id: number): Promise<Organization> {
    const [row] = await db.select().from(organization).where(eq(organization.id, id))
    if (!row) throw notFound('Organization')
    return row
  }

  app.get('/organization/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(OrganizationSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const [total] = await db.select({ n: count() }).from(organization)
    const rows = await db.select().from(organization).orderBy(organization.id).limit(limit).offset(offset)
    return pageOf(request, request.query, total?.n ?? 0, rows.map((r) => present(request, r)))
  })

  app.post('/organization/', {
    schema: { tags, body: OrganizationCreate, response: { 201: OrganizationSchema, ...errorResponses } },
  }, async (request, reply) => {
    const body = request.body
    const [row] = await db.insert(organization).values({
      name: body.name,
      phone: body.phone,
      timezone: body.timezone === undefined ? undefined : checkTimezone('timezone', body.timezone),
      defaultRegion: body.default_region?.toUpperCase(),
    }).returning()
    const out = present(request, row!)
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/organization/:id/', {
    schema: { tags, params: IdParams, response: { 200: OrganizationSchema, ...errorResponses } },
  }, async (request) => present(request, await find(request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/organization/:id/', {
      schema: {
        tags,
        params: IdParams,
        body: method === 'put' ? OrganizationCreate : OrganizationPatch,
        response: { 200: OrganizationSchema, ...errorResponses },
      },
    }, async (request) => {
      const { id } = request.params
      await find(id)
      const body = request.body
      const [row] = await db.update(organization).set({
        name: body.name,
        phone: body.phone,
        timezone: body.timezone === undefined ? undefined : checkTimezone('timezone', body.timezone),
        defaultRegion: body.default_region?.toUpperCase(),
        updatedAt: new Date(),
      }).where(eq(organization.id, id)).returning()
      return present(request, row!)
    })
  }

  app.delete('/organization/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const { id } = request.params
    await find(id)
    const [members] = await db.select({ n: count() }).from(users).where(eq(users.organizationId, id))
    if ((members?.n ?? 0) > 0) throw conflict('This organization still has users; move or delete them first')
    try {
      await db.delete(organization).where(eq(organization.id, id))
    } catch (err) {
      if (pgErrorCode(err) === PG.foreignKeyViolation) throw conflict('This organization still has gateways, rules or history')
      throw err
    }
    return reply.status(204).send(null)
  })
}
