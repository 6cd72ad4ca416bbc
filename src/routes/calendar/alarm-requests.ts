import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../../errors.js'
import { link } from '../../kit/links.js'
import { Page, pageOf, pageWindow } from '../../kit/pagination.js'
import { AlarmRequest, AlarmRequestQuery, AlarmRequestWrite, NestedAlarmRequests } from '../../schemas/calendar/alarm-request.js'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { IdParams } from '../../schemas/common.js'
import {
  createAlarmRequest, getAlarmRequest, listAlarmRequests, nestedAlarmRequests, updateAlarmRequest, type NestedAlarm,
} from '../../calendar/alarm-requests.js'
import { parseDateTime } from '../../kit/date-time.js'
import { filterId, refuseMethods } from './helpers.js'
import { presentAlarmRequest } from './present.js'

/** Seed 004 step 8's shape; leaf values are strings, as there. */
function nested(request: FastifyRequest, eventId: number, alarms: NestedAlarm[]) {
  const byAlarm: Record<string, Record<string, unknown>> = {}
  for (const a of alarms) {
    const entry: Record<string, unknown> = { url: link(request, 'alarm', a.id) }
    for (const r of a.requests) {
      entry[`alarm-request-${r.id}`] = {
        url: link(request, 'alarm-request', r.id),
        'alarm-callrequest': link(request, 'callrequest', r.callId),
        date: r.pythonDate,
        status: String(r.status),
        callstatus: String(r.callstatus),
        duration: String(r.duration),
      }
    }
    byAlarm[`alarm-${a.id}`] = entry
  }
  return { 'event-url': link(request, 'event', eventId), [`event-${eventId}`]: byAlarm }
}

/**
 * The alarm attempt log. Newfies let clients write entries too (POST, PUT, PATCH): they are
 * recorded, not dialled. Entries are never deleted: the log is the record of what was attempted.
 */
export async function alarmRequestRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calendar']

  app.get('/alarm-request/', {
    schema: { tags, querystring: AlarmRequestQuery, response: { 200: Page(AlarmRequest), ...errorResponses } },
  }, async (request) => {
    const q = request.query
    const { limit, offset } = pageWindow(q)
    const filters = {
      alarm: filterId('alarm', q.alarm, 'alarm'),
      event: filterId('event', q.event, 'event'),
      status: q.status,
      date_from: q.date_from === undefined ? undefined : parseDateTime('date_from', q.date_from, 'UTC'),
      date_to: q.date_to === undefined ? undefined : parseDateTime('date_to', q.date_to, 'UTC'),
    }
    const { count, rows } = await listAlarmRequests(db, request.principal, filters, limit, offset)
    return pageOf(request, q, count, rows.map((r) => presentAlarmRequest(request, r)))
  })

  app.get('/alarm-request/:id/', {
    schema: { tags, params: IdParams, response: { 200: AlarmRequest, ...errorResponses } },
  }, async (request) => presentAlarmRequest(request, await getAlarmRequest(db, request.principal, request.params.id)))

  app.get('/alarm-request/:id/get_nested_alarm_request/', {
    schema: {
      tags, params: IdParams, response: { 200: NestedAlarmRequests, ...errorResponses },
      description: "`{id}` is an EVENT id (as in Newfies). The attempts of the event's alarms and of its children's; an unknown event answers 200 `{\"error\": \"event id is not valid\"}`, as Newfies did.",
    },
  }, async (request) => {
    try {
      return nested(request, request.params.id, await nestedAlarmRequests(db, request.principal, request.params.id))
    } catch (err) {
      // Newfies answered an event it could not find (or the caller may not see) with 200 and this body.
      if (err instanceof AppError && err.statusCode === 404) return { error: 'event id is not valid' }
      throw err
    }
  })

  app.post('/alarm-request/', {
    schema: { tags, summary: 'Record an attempt by hand (it does not dial)', body: AlarmRequestWrite, response: { 201: AlarmRequest, ...errorResponses } },
  }, async (request, reply) => {
    const out = presentAlarmRequest(request, await createAlarmRequest(db, request.principal, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  for (const method of ['put', 'patch'] as const) {
    app[method]('/alarm-request/:id/', {
      schema: { tags, params: IdParams, body: AlarmRequestWrite, response: { 200: AlarmRequest, ...errorResponses } },
    }, async (request) => presentAlarmRequest(request, await updateAlarmRequest(db, request.principal, request.params.id, request.body, method === 'put')))
  }

  refuseMethods(scope, '/alarm-request/:id/', ['DELETE'], 'GET, PUT, PATCH, HEAD, OPTIONS')
}
