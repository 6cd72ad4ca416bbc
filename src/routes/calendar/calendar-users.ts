import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { newfiesList } from '../../kit/newfies-shapes.js'
import {
  CalendarUser, CalendarUserCreate, CalendarUserPatch, CalendarUserProfile, CalendarUserProfilePatch, CalendarUserPut,
} from '../../schemas/calendar/calendar-user.js'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { Id } from '../../kit/ids.js'
import { IdParams } from '../../schemas/common.js'
import {
  createCalendarUser, deleteCalendarUser, getCalendarUser, listCalendarUsers, updateCalendarUser, updateProfile, type CalendarUserRow,
} from '../../calendar/calendar-users.js'
import { calendarSummaries } from '../../calendar/calendars.js'
import { presentCalendarUser, presentProfile, presentProfileListItem } from './present.js'
import { refuseMethods } from './helpers.js'

const UserIdParams = Type.Object({ user_id: Id({ description: "the calendar user's id" }) })

const NewfiesList = (item: string) => Type.Unknown({
  description: `Newfies-Dialer's shape: the ${item} itself when there is one, a list when there are several, {"note": …} when none`,
})

/** `/calendar-user/` (the users) and `/calendar-user-profile/{user_id}/` (their profiles, by user id). */
export async function calendarUserRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calendar']
  const withCalendars = async (request: Parameters<typeof presentCalendarUser>[0], rows: CalendarUserRow[]) => {
    const calendars = await calendarSummaries(db, rows.map((r) => r.user.id))
    return rows.map((r) => presentCalendarUser(request, r, calendars.get(r.user.id) ?? {}))
  }

  app.get('/calendar-user/', {
    schema: { tags, summary: 'Every calendar user of the caller (unpaged, as Newfies listed them)', response: { 200: NewfiesList('calendar user'), ...errorResponses } },
  }, async (request) => newfiesList(await withCalendars(request, await listCalendarUsers(db, request.principal)), 'no calendar-user found'))

  app.post('/calendar-user/', {
    schema: { tags, body: CalendarUserCreate, response: { 201: CalendarUser, ...errorResponses } },
  }, async (request, reply) => {
    const [out] = await withCalendars(request, [await createCalendarUser(db, request.principal, request.body)])
    return reply.status(201).header('location', out!.url).send(out)
  })

  app.get('/calendar-user/:id/', {
    schema: { tags, params: IdParams, response: { 200: CalendarUser, ...errorResponses } },
  }, async (request) => (await withCalendars(request, [await getCalendarUser(db, request.principal, request.params.id)]))[0])

  for (const method of ['put', 'patch'] as const) {
    app[method]('/calendar-user/:id/', {
      schema: {
        tags, params: IdParams, body: method === 'put' ? CalendarUserPut : CalendarUserPatch,
        response: { 200: CalendarUser, ...errorResponses },
      },
    }, async (request) => {
      const row = await updateCalendarUser(db, request.principal, request.params.id, request.body)
      return (await withCalendars(request, [row]))[0]
    })
  }

  app.delete('/calendar-user/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteCalendarUser(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })

  app.get('/calendar-user-profile/', {
    schema: { tags, summary: 'The profiles of every calendar user of the caller (unpaged, as Newfies listed them)', response: { 200: NewfiesList('profile'), ...errorResponses } },
  }, async (request) =>
    newfiesList((await listCalendarUsers(db, request.principal)).map((r) => presentProfileListItem(request, r)), 'no calendar-user-profile found'))

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
