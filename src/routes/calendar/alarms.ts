import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { Page, pageOf, pageWindow } from '../../kit/pagination.js'
import { Alarm, AlarmCreate, AlarmPatch, AlarmQuery } from '../../schemas/calendar/alarm.js'
import { errorResponses, IdParams } from '../../schemas/common.js'
import { createAlarm, deleteAlarm, getAlarm, listAlarms, updateAlarm } from '../../calendar/alarms.js'
import { filterId } from './helpers.js'
import { presentAlarm } from './present.js'

export async function alarmRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calendar']

  app.get('/alarm/', {
    schema: { tags, querystring: AlarmQuery, response: { 200: Page(Alarm), ...errorResponses } },
  }, async (request) => {
    const q = request.query
    const { limit, offset } = pageWindow(q)
    const filters = { event: filterId('event', q.event, 'event'), status: q.status, method: q.method }
    const { count, rows } = await listAlarms(db, request.principal, filters, limit, offset)
    return pageOf(request, q, count, rows.map((r) => presentAlarm(request, r)))
  })

  app.post('/alarm/', {
    schema: {
      tags, body: AlarmCreate, response: { 201: Alarm, ...errorResponses },
      description: 'status, num_attempt and result are read-only (ignored if sent).',
    },
  }, async (request, reply) => {
    const out = presentAlarm(request, await createAlarm(db, app.deps.outbound, request.principal, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/alarm/:id/', {
    schema: { tags, params: IdParams, response: { 200: Alarm, ...errorResponses } },
  }, async (request) => presentAlarm(request, await getAlarm(db, request.principal, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/alarm/:id/', {
      schema: { tags, params: IdParams, body: method === 'put' ? AlarmCreate : AlarmPatch, response: { 200: Alarm, ...errorResponses } },
    }, async (request) => presentAlarm(request, await updateAlarm(db, app.deps.outbound, request.principal, request.params.id, request.body)))
  }

  app.delete('/alarm/:id/', {
    schema: {
      tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses },
      description: 'The alarm is cancelled and hidden; its alarm requests stay readable.',
    },
  }, async (request, reply) => {
    await deleteAlarm(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })
}
