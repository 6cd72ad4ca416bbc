import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { Page, PageQuery, pageOf, pageWindow } from '../../kit/pagination.js'
import { CalendarSetting, CalendarSettingCreate, CalendarSettingPatch } from '../../schemas/calendar/calendar-setting.js'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { IdParams } from '../../schemas/common.js'
import {
  createCalendarSetting, deleteCalendarSetting, getCalendarSetting, listCalendarSettings, updateCalendarSetting,
} from '../../calendar/calendar-settings.js'
import { presentCalendarSetting } from './present.js'

export async function calendarSettingRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calendar']

  app.get('/calendar-setting/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(CalendarSetting), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listCalendarSettings(db, request.principal, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentCalendarSetting(request, r)))
  })

  app.post('/calendar-setting/', {
    schema: { tags, body: CalendarSettingCreate, response: { 201: CalendarSetting, ...errorResponses } },
  }, async (request, reply) => {
    const out = presentCalendarSetting(request, await createCalendarSetting(db, request.principal, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/calendar-setting/:id/', {
    schema: { tags, params: IdParams, response: { 200: CalendarSetting, ...errorResponses } },
  }, async (request) => presentCalendarSetting(request, await getCalendarSetting(db, request.principal, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/calendar-setting/:id/', {
      schema: {
        tags, params: IdParams, body: method === 'put' ? CalendarSettingCreate : CalendarSettingPatch,
        response: { 200: CalendarSetting, ...errorResponses },
      },
    }, async (request) => presentCalendarSetting(request, await updateCalendarSetting(db, request.principal, request.params.id, request.body)))
  }

  app.delete('/calendar-setting/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteCalendarSetting(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })
}
