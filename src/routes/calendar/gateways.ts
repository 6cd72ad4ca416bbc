import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { Page, PageQuery, pageOf, pageWindow } from '../../kit/pagination.js'
import { GatewaySchemas, SmsGatewaySchemas } from '../../schemas/calendar/gateway.js'
import { errorResponses, IdParams } from '../../schemas/common.js'
import {
  createGateway, deleteGateway, getGateway, listGateways, SENDER_FIELD, updateGateway, type GatewayInput, type GatewayKind,
} from '../../calendar/gateways.js'
import { presentGateway } from './present.js'

function toInput(kind: GatewayKind, body: Record<string, unknown>): GatewayInput {
  const { [SENDER_FIELD[kind]]: sender, ...rest } = body
  return { ...(rest as GatewayInput), sender: sender as string | undefined }
}

/** `/gateway/` and `/sms-gateway/`: shared ones (seeded, admin-made) and each manager's own. */
export async function gatewayRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db, config, outbound } = app.deps
  const ctx = { secretKey: config.secretKey, outbound }
  for (const [kind, schemas] of [['gateway', GatewaySchemas], ['sms-gateway', SmsGatewaySchemas]] as const) {
    const tags = ['gateways']
    const base = `/${kind}/`
    app.get(base, {
      schema: { tags, querystring: PageQuery, response: { 200: Page(schemas.out), ...errorResponses } },
    }, async (request) => {
      const { limit, offset } = pageWindow(request.query)
      const { count, rows } = await listGateways(db, kind, request.principal, limit, offset)
      return pageOf(request, request.query, count, rows.map((r) => presentGateway(request, kind, r)))
    })

    app.post(base, {
      schema: { tags, body: schemas.create, response: { 201: schemas.out, ...errorResponses } },
    }, async (request, reply) => {
      const body = request.body as Record<string, unknown>
      const row = await createGateway(db, kind, request.principal, ctx, toInput(kind, body) as Parameters<typeof createGateway>[4])
      const out = presentGateway(request, kind, row)
      return reply.status(201).header('location', out.url).send(out)
    })

    app.get(`${base}:id/`, {
      schema: { tags, params: IdParams, response: { 200: schemas.out, ...errorResponses } },
    }, async (request) => presentGateway(request, kind, await getGateway(db, kind, request.principal, request.params.id)))

    for (const method of ['put', 'patch'] as const) {
      app[method](`${base}:id/`, {
        schema: {
          tags,
          params: IdParams,
          body: method === 'put' ? schemas.put : schemas.patch,
          response: { 200: schemas.out, ...errorResponses },
        },
      }, async (request) => {
        const row = await updateGateway(db, kind, request.principal, ctx, request.params.id,
          toInput(kind, request.body as Record<string, unknown>))
        return presentGateway(request, kind, row)
      })
    }

    app.delete(`${base}:id/`, {
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    }, async (request, reply) => {
      await deleteGateway(db, kind, request.principal, request.params.id)
      return reply.status(204).send(null)
    })
  }
}
