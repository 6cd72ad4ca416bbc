import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { CrmIdParams, CrmOrgQuery, LimitOffsetPage } from '../../schemas/crm/common.js'
import { Contact, ContactListQuery, ContactWrite } from '../../schemas/crm/contact.js'
import { createContact, deleteContact, getContact, listContacts, updateContact } from '../../crm/contacts.js'
import { limitOffsetLinks } from '../../kit/pagination.js'
import { presentContact } from './present.js'

export async function contactRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['crm']

  app.get('/contact/', {
    schema: {
      tags,
      summary: 'Contacts of the organization: search, starts_with, ordering, array filters, limit/offset',
      querystring: ContactListQuery,
      response: { 200: LimitOffsetPage(Contact), ...errorResponses },
    },
  }, async (request) => {
    const { count, views, limit, offset } = await listContacts(db, request.crm, request.query)
    return { count, ...limitOffsetLinks(request, count, limit, offset), results: views.map(presentContact) }
  })

  app.post('/contact/', {
    schema: { tags, summary: 'Create a contact; the caller becomes its core user', querystring: CrmOrgQuery, body: ContactWrite, response: { 201: Contact, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(presentContact(await createContact(db, request.crm, request.body))))

  app.get('/contact/:id/', {
    schema: { tags, params: CrmIdParams, querystring: CrmOrgQuery, response: { 200: Contact, ...errorResponses } },
  }, async (request) => presentContact(await getContact(db, request.crm, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/contact/:id/', {
      schema: {
        tags, summary: 'Change the given fields of a contact (PUT too, as in the original)', params: CrmIdParams, querystring: CrmOrgQuery,
        body: ContactWrite, response: { 200: Contact, ...errorResponses },
      },
    }, async (request) => presentContact(await updateContact(db, request.crm, request.params.id, request.body)))
  }

  app.delete('/contact/:id/', {
    schema: { tags, params: CrmIdParams, querystring: CrmOrgQuery, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteContact(db, request.crm, request.params.id)
    return reply.status(204).send(null)
  })
}
