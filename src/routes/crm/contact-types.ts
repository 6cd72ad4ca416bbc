import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { CrmOrgQuery } from '../../schemas/crm/common.js'
import { ContactType, ContactTypeListQuery, ContactTypeWrite } from '../../schemas/crm/contact.js'
import {
  createContactType, deleteContactType, getContactType, listContactTypes, updateContactType,
} from '../../crm/contact-types.js'
import { presentContactType } from './present.js'

const TypeParams = Type.Object({ uuid: Type.String({ description: 'the contact type UUID' }) })

/** `/contacttype/`: the organization's contact types and the global ones (a plain list, as in the original). */
export async function contactTypeRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['crm']

  app.get('/contacttype/', {
    schema: { tags, querystring: ContactTypeListQuery, response: { 200: Type.Array(ContactType), ...errorResponses } },
  }, async (request) => {
    const onlyGlobal = (request.query.is_global ?? '').trim().toLowerCase() === 'true'
    return (await listContactTypes(db, request.crm, onlyGlobal)).map(presentContactType)
  })

  app.post('/contacttype/', {
    schema: { tags, summary: 'A type of the caller\'s organization (is_global: seen by all)', querystring: CrmOrgQuery, body: ContactTypeWrite, response: { 201: ContactType, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(presentContactType(await createContactType(db, request.crm, request.body))))

  app.get('/contacttype/:uuid/', {
    schema: { tags, params: TypeParams, querystring: CrmOrgQuery, response: { 200: ContactType, ...errorResponses } },
  }, async (request) => presentContactType(await getContactType(db, request.crm, request.params.uuid)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/contacttype/:uuid/', {
      schema: { tags, params: TypeParams, querystring: CrmOrgQuery, body: method === 'put' ? Type.Object({ ...ContactTypeWrite.properties, name: Type.String({ maxLength: 128 }) }) : ContactTypeWrite, response: { 200: ContactType, ...errorResponses } },
    }, async (request) => presentContactType(await updateContactType(db, request.crm, request.params.uuid, request.body)))
  }

  app.delete('/contacttype/:uuid/', {
    schema: { tags, params: TypeParams, querystring: CrmOrgQuery, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteContactType(db, request.crm, request.params.uuid)
    return reply.status(204).send(null)
  })
}
