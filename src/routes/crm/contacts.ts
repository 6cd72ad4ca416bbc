import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { errorResponses } from '../../schemas/common.js'
import { CrmIdParams, CrmOrgQuery, LimitOffsetPage } from '../../schemas/crm/common.js'
import { Contact, ContactListQuery, ContactPatch, ContactWrite } from '../../schemas/crm/contact.js'
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
    const { count, rows, limit, offset } = await listContacts(db, request.crm, request.query)
    return {
      count,
      ...limitOffsetLinks(request, count, limit, offset),
      results: rows.map((r) => presentContact(r, request.crm.organizationUuid)),
    }
  })

  app.post('/contact/', {
    schema: { tags, querystring: CrmOrgQuery, body: ContactWrite, response: { 201: Contact, ...errorResponses } },
  }, async (request, reply) => {
    const row = await createContact(db, request.crm, request.body)
    return reply.status(201).send(presentContact(row, request.crm.organizationUuid))
  })

  app.get('/contact/:id/', {
    schema: { tags, params: CrmIdParams, querystring: CrmOrgQuery, response: { 200: Contact, ...errorResponses } },
  }, async (request) => presentContact(await getContact(db, request.crm, request.params.id), request.crm.organizationUuid))

  app.put('/contact/:id/', {
    schema: {
      tags, summary: 'Replace a contact: fields left out get their defaults', params: CrmIdParams, querystring: CrmOrgQuery,
      body: ContactWrite, response: { 200: Contact, ...errorResponses },
    },
  }, async (request) => {
    const row = await updateContact(db, request.crm, request.params.id, request.body, true)
    return presentContact(row, request.crm.organizationUuid)
  })

  app.patch('/contact/:id/', {
    schema: {
      tags, summary: 'Change the given fields of a contact', params: CrmIdParams, querystring: CrmOrgQuery,
      body: ContactPatch, response: { 200: Contact, ...errorResponses },
    },
  }, async (request) => {
    const row = await updateContact(db, request.crm, request.params.id, request.body, false)
    return presentContact(row, request.crm.organizationUuid)
  })

  app.delete('/contact/:id/', {
    schema: { tags, params: CrmIdParams, querystring: CrmOrgQuery, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteContact(db, request.crm, request.params.id)
    return reply.status(204).send(null)
  })
}
