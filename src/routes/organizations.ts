import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import {
  createOrganization, deleteOrganization, findOrganization, listOrganizations, updateOrganization,
} from '../accounts/organizations.js'
import type { Organization } from '../db/schema/index.js'
import { forbidden } from '../errors.js'
import { link } from '../kit/links.js'
import { Page, PageQuery, pageOf, pageWindow } from '../kit/pagination.js'
import { errorResponses, IdParams } from '../schemas/common.js'
import { Organization as OrganizationSchema, OrganizationCreate, OrganizationPatch } from '../schemas/organization.js'

function present(request: FastifyRequest, row: Organization): Static<typeof OrganizationSchema> {
  return {
    id: row.id,
    url: link(request, 'organization', row.id),
    uuid: row.uuid,
    name: row.name,
    phone: row.phone,
    reception_phone: row.receptionPhone,
    timezone: row.timezone,
    default_region: row.defaultRegion,
    contact_hours_start: row.contactHoursStart,
    contact_hours_end: row.contactHoursEnd,
    reminders_by_default: row.remindersByDefault,
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

  app.get('/organization/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(OrganizationSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listOrganizations(db, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => present(request, r)))
  })

  app.post('/organization/', {
    schema: { tags, body: OrganizationCreate, response: { 201: OrganizationSchema, ...errorResponses } },
  }, async (request, reply) => {
    const out = present(request, await createOrganization(db, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/organization/:id/', {
    schema: { tags, params: IdParams, response: { 200: OrganizationSchema, ...errorResponses } },
  }, async (request) => present(request, await findOrganization(db, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/organization/:id/', {
      schema: {
        tags,
        params: IdParams,
        body: method === 'put' ? OrganizationCreate : OrganizationPatch,
        response: { 200: OrganizationSchema, ...errorResponses },
      },
    }, async (request) => present(request, await updateOrganization(db, request.params.id, request.body)))
  }

  app.delete('/organization/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteOrganization(db, request.params.id)
    return reply.status(204).send(null)
  })
}
