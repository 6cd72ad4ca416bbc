import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { errorResponses } from '../schemas/common.js'
import { badRequest } from '../errors.js'
import { issueToken, revokeAllTokens, revokeToken } from '../accounts/tokens.js'

export async function tokenRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['auth']

  app.post('/token/', {
    schema: {
      tags,
      summary: 'Issue an API token (use `Authorization: Token <token>`)',
      response: { 201: Type.Object({ token: Type.String() }), ...errorResponses },
    },
  }, async (request, reply) => {
    if (request.principal.via !== 'basic') throw badRequest('A token is issued for username and password (HTTP Basic) only')
    return reply.status(201).send({ token: await issueToken(db, request.principal.id) })
  })

  app.delete('/token/', {
    schema: {
      tags,
      summary: 'Revoke the token in use, or with ?all=true every token of the caller',
      querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }),
      response: { 204: Type.Null(), ...errorResponses },
    },
  }, async (request, reply) => {
    const { all } = request.query
    if (all) await revokeAllTokens(db, request.principal.id)
    else if (request.principal.via === 'token') {
      await revokeToken(db, request.headers.authorization!.replace(/^token\s+/i, ''))
    } else throw badRequest('Send the token to revoke as `Authorization: Token <token>`, or use ?all=true')
    return reply.status(204).send(null)
  })
}
