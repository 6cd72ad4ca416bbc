import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { Page, PageQuery, pageOf, pageWindow } from '../../kit/pagination.js'
import { Alarm } from '../../schemas/calendar/alarm.js'
import {
  Event, EventChild, EventCreate, EventPatch, EventQuery, Occurrences, OccurrencesQuery, StatusBody, StatusUpdated,
} from '../../schemas/calendar/event.js'
import { errorResponses, IdParams } from '../../schemas/common.js'
import { listEventAlarms } from '../../calendar/alarms.js'
import { formatInZone, parseDateTime } from '../../kit/date-time.js'
import {
  createEvent, deleteEvent, eventOccurrences, getEvent, listChildren, listEvents, setChainStatus, updateEvent,
} from '../../calendar/events.js'
import { filterId } from './helpers.js'
import { presentAlarm, presentEvent, presentEventChild } from './present.js'

export async function eventRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calendar']

  app.get('/event/', {
    schema: { tags, querystring: EventQuery, response: { 200: Page(Event), ...errorResponses } },
  }, async (request) => {
    const q = request.query
    const { limit, offset } = pageWindow(q)
    const filters = {
      calendar: filterId('calendar', q.calendar, 'calendar'),
      creator: filterId('creator', q.creator, 'calendar-user'),
      parent_event: filterId('parent_event', q.parent_event, 'event'),
      status: q.status,
      start_from: q.start_from === undefined ? undefined : parseDateTime('start_from', q.start_from, 'UTC'),
      start_to: q.start_to === undefined ? undefined : parseDateTime('start_to', q.start_to, 'UTC'),
    }
    const { count, rows } = await listEvents(db, request.principal, filters, limit, offset)
    return pageOf(request, q, count, rows.map((r) => presentEvent(request, r)))
  })

  app.post('/event/', {
    schema: { tags, body: EventCreate, response: { 201: Event, ...errorResponses } },
  }, async (request, reply) => {
    const event = await createEvent(db, request.principal, request.body)
    const out = presentEvent(request, event)
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/event/:id/', {
    schema: { tags, params: IdParams, response: { 200: Event, ...errorResponses } },
  }, async (request) => presentEvent(request, await getEvent(db, request.principal, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/event/:id/', {
      schema: { tags, params: IdParams, body: method === 'put' ? EventCreate : EventPatch, response: { 200: Event, ...errorResponses } },
    }, async (request) => presentEvent(request, await updateEvent(db, request.principal, request.params.id, request.body)))
  }

  app.delete('/event/:id/', {
    schema: {
      tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses },
      description: 'Deleting a root event deletes its whole chain. Alarms are cancelled; their alarm requests stay readable.',
    },
  }, async (request, reply) => {
    await deleteEvent(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })

  app.get('/event/:id/get_list_child/', {
    schema: {
      tags, params: IdParams, querystring: PageQuery, response: { 200: Page(EventChild), ...errorResponses },
      description: 'The child events (occurrences) of the chain this event belongs to, in order.',
    },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listChildren(db, request.principal, request.params.id, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentEventChild(request, r)))
  })

  app.patch('/event/:id/update_last_child_status/', {
    schema: {
      tags, params: IdParams, body: StatusBody, response: { 200: StatusUpdated, ...errorResponses },
      description: 'Sets the status of the newest event of the chain: 3 pauses it, 1 resumes it, 2 completes it.',
    },
  }, async (request) => {
    await setChainStatus(db, request.principal, request.params.id, request.body.status)
    return { status: 'event status has been updated' }
  })

  app.get('/event/:id/get_list_alarm/', {
    schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: Page(Alarm), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listEventAlarms(db, request.principal, request.params.id, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentAlarm(request, r)))
  })

  app.get('/event/:id/occurrences/', {
    schema: {
      tags, params: IdParams, querystring: OccurrencesQuery, response: { 200: Occurrences, ...errorResponses },
      description: "Occurrences of the event's series starting in [start, end), at most 1000, on the event's wall clock.",
    },
  }, async (request) => {
    const { timezone, occurrences } = await eventOccurrences(db, app.deps.recurrence, request.principal, request.params.id, request.query.start, request.query.end)
    return occurrences.map((o) => ({ start: formatInZone(o.start, timezone), end: formatInZone(o.end, timezone) }))
  })
}
