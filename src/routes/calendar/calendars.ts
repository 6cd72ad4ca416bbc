import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { Page, pageOf, pageWindow } from '../../kit/pagination.js'
import { Calendar, CalendarCreate, CalendarPatch, CalendarQuery } from '../../schemas/calendar/calendar.js'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { IdParams } from '../../schemas/common.js'
import { createCalendar, deleteCalendar, getCalendar, listCalendars, updateCalendar } from '../../calendar/calendars.js'
import { filterId } from './helpers.js'
import { presentCalendar } from './present.js'

export async function calendarRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calendar']

  app.get('/calendar/', {
    schema: { tags, querystring: CalendarQuery, response: { 200: Page(Calendar), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const filters = { user: filterId('user', request.query.user, 'calendar-user') }
    const { count, rows } = await listCalendars(db, request.principal, filters, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentCalendar(request, r)))
  })

  app.post('/calendar/', {
    schema: { tags, body: CalendarCreate, response: { 201: Calendar, ...errorResponses } },
  }, async (request, reply) => {
    const out = presentCalendar(request, await createCalendar(db, request.principal, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/calendar/:id/', {
    schema: { tags, params: IdParams, response: { 200: Calendar, ...errorResponses } },
  }, async (request) => presentCalendar(request, await getCalendar(db, request.principal, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/calendar/:id/', {
      schema: { tags, params: IdParams, body: method === 'put' ? CalendarCreate : CalendarPatch, response: { 200: Calendar, ...errorResponses } },
    }, async (request) => presentCalendar(request, await updateCalendar(db, request.principal, request.params.id, request.body)))
  }

  app.delete('/calendar/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteCalendar(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })
}
