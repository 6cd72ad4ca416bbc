import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { errorResponses } from '../../schemas/common.js'
import { Appointment, AppointmentListQuery, AppointmentPatch, AppointmentWrite } from '../../schemas/crm/appointment.js'
import { CrmOrgQuery, CursorPage, UuidParams } from '../../schemas/crm/common.js'
import {
  createAppointment, deleteAppointment, getAppointment, listAppointments, updateAppointment, withDetails,
} from '../../crm/appointments.js'
import { cursorLink } from '../../kit/pagination.js'
import { crmLink } from './links.js'
import { presentStep } from './present-reminders.js'
import { ReminderTimeline } from '../../schemas/crm/reminder.js'
import { reminderTimeline } from '../../crm/reminders/timeline.js'
import { presentAppointment } from './present.js'

export async function appointmentRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['crm']

  app.get('/appointment/', {
    schema: {
      tags,
      summary: 'Appointments of the organization: filters, ordering, cursor pagination',
      querystring: AppointmentListQuery,
      response: { 200: CursorPage(Appointment), ...errorResponses },
    },
  }, async (request) => {
    const { rows, next, previous } = await listAppointments(db, request.crm, request.query)
    const views = await withDetails(db, rows)
    return {
      next: cursorLink(request, next),
      previous: cursorLink(request, previous),
      results: views.map((v) => presentAppointment(v, request.crm.organizationUuid)),
    }
  })

  app.post('/appointment/', {
    schema: { tags, summary: 'Create an appointment owned by the caller', querystring: CrmOrgQuery, body: AppointmentWrite, response: { 201: Appointment, ...errorResponses } },
  }, async (request, reply) => {
    const row = await createAppointment(db, request.crm, request.body)
    const [view] = await withDetails(db, [row])
    return reply.status(201).send(presentAppointment(view!, request.crm.organizationUuid))
  })

  app.get('/appointment/:uuid/', {
    schema: { tags, params: UuidParams, querystring: CrmOrgQuery, response: { 200: Appointment, ...errorResponses } },
  }, async (request) => {
    const [view] = await withDetails(db, [await getAppointment(db, request.crm, request.params.uuid)])
    return presentAppointment(view!, request.crm.organizationUuid)
  })

  for (const method of ['put', 'patch'] as const) {
    const full = method === 'put'
    app[method]('/appointment/:uuid/', {
      schema: {
        tags,
        summary: full
          ? 'Replace an appointment: start_date, end_date and type required; other fields left out get their defaults; notes not given are kept'
          : 'Change the given fields of an appointment; notes not given are kept',
        params: UuidParams,
        querystring: CrmOrgQuery,
        body: full ? AppointmentWrite : AppointmentPatch,
        response: { 200: Appointment, ...errorResponses },
      },
    }, async (request) => {
      const row = await updateAppointment(db, request.crm, request.params.uuid, request.body, full)
      const [view] = await withDetails(db, [row])
      return presentAppointment(view!, request.crm.organizationUuid)
    })
  }

  app.get('/appointment/:uuid/reminders/', {
    schema: {
      tags,
      summary: "The appointment's reminder steps: channel, due time, state, reason, attempts, result, and for calls what was said and pressed",
      params: UuidParams,
      querystring: CrmOrgQuery,
      response: { 200: ReminderTimeline, ...errorResponses },
    },
  }, async (request) => {
    const row = await getAppointment(db, request.crm, request.params.uuid)
    const steps = await reminderTimeline(db, request.crm, row.uuid)
    return {
      appointment: crmLink(request, 'appointment', row.uuid),
      confirmation_status: row.confirmationStatus,
      steps: steps.map((s) => presentStep(request, s, row.timezone)),
    }
  })

  app.delete('/appointment/:uuid/', {
    schema: { tags, params: UuidParams, querystring: CrmOrgQuery, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteAppointment(db, request.crm, request.params.uuid)
    return reply.status(204).send(null)
  })
}
