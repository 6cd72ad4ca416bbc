import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { errorResponses } from '../../schemas/common.js'
import { AppointmentNote, AppointmentNoteListQuery, AppointmentNotePatch, AppointmentNoteWrite } from '../../schemas/crm/appointment-note.js'
import { CrmIdParams, CrmOrgQuery, LimitOffsetPage } from '../../schemas/crm/common.js'
import {
  appointmentsOf, createNote, deleteNote, getNote, listNotes, updateNote, type NoteWrite,
} from '../../crm/appointment-notes.js'
import { crmLink, parseAppointmentRef } from './links.js'
import { limitOffsetLinks } from '../../kit/pagination.js'
import { presentNote } from './present.js'

function toInput(body: Static<typeof AppointmentNotePatch>): NoteWrite {
  const { appointments, ...rest } = body
  return {
    ...rest,
    appointments: appointments === undefined ? undefined : (appointments ?? []).map((ref, i) => parseAppointmentRef(`appointments.${i}`, ref)),
  }
}

export async function appointmentNoteRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['crm']

  app.get('/appointmentnotes/', {
    schema: { tags, querystring: AppointmentNoteListQuery, response: { 200: LimitOffsetPage(AppointmentNote), ...errorResponses } },
  }, async (request) => {
    const { appointment, ...query } = request.query
    const uuid = appointment === undefined ? undefined : parseAppointmentRef('appointment', appointment)
    const { count, rows, limit, offset } = await listNotes(db, request.crm, { ...query, appointment: uuid })
    const links = await appointmentsOf(db, rows.map((r) => r.id))
    return {
      count,
      ...limitOffsetLinks(request, count, limit, offset),
      results: rows.map((r) => presentNote(request, r, links.get(r.id) ?? [])),
    }
  })

  app.post('/appointmentnotes/', {
    schema: { tags, querystring: CrmOrgQuery, body: AppointmentNoteWrite, response: { 201: AppointmentNote, ...errorResponses } },
  }, async (request, reply) => {
    const row = await createNote(db, request.crm, toInput(request.body))
    const links = await appointmentsOf(db, [row.id])
    return reply.status(201).header('location', crmLink(request, 'appointmentnotes', row.id))
      .send(presentNote(request, row, links.get(row.id) ?? []))
  })

  app.get('/appointmentnotes/:id/', {
    schema: { tags, params: CrmIdParams, querystring: CrmOrgQuery, response: { 200: AppointmentNote, ...errorResponses } },
  }, async (request) => {
    const row = await getNote(db, request.crm, request.params.id)
    const links = await appointmentsOf(db, [row.id])
    return presentNote(request, row, links.get(row.id) ?? [])
  })

  for (const method of ['put', 'patch'] as const) {
    const full = method === 'put'
    app[method]('/appointmentnotes/:id/', {
      schema: {
        tags,
        params: CrmIdParams,
        querystring: CrmOrgQuery,
        body: full ? AppointmentNoteWrite : AppointmentNotePatch,
        response: { 200: AppointmentNote, ...errorResponses },
      },
    }, async (request) => {
      const row = await updateNote(db, request.crm, request.params.id, toInput(request.body), full)
      const links = await appointmentsOf(db, [row.id])
      return presentNote(request, row, links.get(row.id) ?? [])
    })
  }

  app.delete('/appointmentnotes/:id/', {
    schema: { tags, params: CrmIdParams, querystring: CrmOrgQuery, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteNote(db, request.crm, request.params.id)
    return reply.status(204).send(null)
  })
}
