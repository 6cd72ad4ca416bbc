import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { Page, PageQuery, pageOf, pageWindow } from '../../kit/pagination.js'
import {
  CalendarUser, CalendarUserCreate, CalendarUserPatch, CalendarUserProfile, CalendarUserProfilePatch, CalendarUserPut,
} from '../../schemas/calendar/calendar-user.js'
import { Id } from '../../kit/ids.js'
import { errorResponses, IdParams } from '../../schemas/common.js'
import {
  createCalendarUser, deleteCalendarUser, getCalendarUser, listCalendarUsers, updateCalendarUser, updateProfile,
} from '../../calendar/calendar-users.js'
import { presentCalendarUser, presentProfile } from './present.js'
import { refuseMethods } from './helpers.js'

const UserIdParams = Type.Object({ user_id: Id({ description: "the calendar user's id" }) })

/** `/calendar-user/` (the users) and `/calendar-user-profile/{user_id}/` (their profiles, by user id). */
export async function calendarUserRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calendar']

  app.get('/calendar-user/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(CalendarUser), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listCalendarUsers(db, request.principal, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentCalendarUser(request, r)))
  })

  app.post('/calendar-user/', {
    schema: { tags, body: CalendarUserCreate, response: { 201: CalendarUser, ...errorResponses } },
  }, async (request, reply) => {
    const out = presentCalendarUser(request, await createCalendarUser(db, request.principal, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/calendar-user/:id/', {
    schema: { tags, params: IdParams, response: { 200: CalendarUser, ...errorResponses } },
  }, async (request) => presentCalendarUser(request, await getCalendarUser(db, request.principal, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/calendar-user/:id/', {
      schema: {
        tags, params: IdParams, body: method === 'put' ? CalendarUserPut : CalendarUserPatch,
        response: { 200: CalendarUser, ...errorResponses },
      },
    }, async (request) => {
      const row = await updateCalendarUser(db, request.principal, request.params.id, request.body)
      return presentCalendarUser(request, row)
    })
  }

  app.delete('/calendar-user/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteCalendarUser(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })

  app.get('/calendar-user-profile/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(CalendarUserProfile), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listCalendarUsers(db, request.principal, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentProfile(request, r)))
  })

  app.get('/calendar-user-profile/:user_id/', {
    schema: { tags, params: UserIdParams, response: { 200: CalendarUserProfile, ...errorResponses } },
  }, async (request) => presentProfile(request, await getCalendarUser(db, request.principal, request.params.user_id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/calendar-user-profile/:user_id/', {
      schema: { tags, params: UserIdParams, body: CalendarUserProfilePatch, response: { 200: CalendarUserProfile, ...errorResponses } },
    }, async (request) => presentProfile(request, await updateProfile(db, request.principal, request.params.user_id, request.body)))
  }

  // A profile is created and deleted with its calendar user.
  refuseMethods(scope, '/calendar-user-profile/', ['POST'], 'GET, HEAD, OPTIONS')
  refuseMethods(scope, '/calendar-user-profile/:user_id/', ['DELETE'], 'GET, PUT, PATCH, HEAD, OPTIONS')
}
