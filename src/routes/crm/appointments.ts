import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { errorResponses as tocsinErrorResponses } from '../../schemas/common.js'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { Appointment, AppointmentListQuery, AppointmentWrite } from '../../schemas/crm/appointment.js'
import { CrmOrgQuery, CursorPage, UuidParams } from '../../schemas/crm/common.js'
import { listAppointments } from '../../crm/appointment-list.js'
import { createAppointment, deleteAppointment, getAppointment, updateAppointment } from '../../crm/appointments.js'
import { reminderTimeline } from '../../crm/reminders/timeline.js'
import { cursorLink } from '../../kit/pagination.js'
import { ReminderTimeline } from '../../schemas/crm/reminder.js'
import { crmLink } from './links.js'
import { presentStep } from './present-reminders.js'
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
    const { views, next, previous } = await listAppointments(db, request.crm, request.query)
    return { next: cursorLink(request, next), previous: cursorLink(request, previous), results: views.map(presentAppointment) }
  })

  app.post('/appointment/', {
    schema: { tags, summary: 'Create an appointment owned by the caller', querystring: CrmOrgQuery, body: AppointmentWrite, response: { 201: Appointment, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(presentAppointment(await createAppointment(db, request.crm, request.body))))

  app.get('/appointment/:uuid/', {
    schema: { tags, params: UuidParams, querystring: CrmOrgQuery, response: { 200: Appointment, ...errorResponses } },
  }, async (request) => presentAppointment(await getAppointment(db, request.crm, request.params.uuid)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/appointment/:uuid/', {
      schema: {
        tags,
        summary: 'Change the given fields of an appointment (PUT too, as in the original); notes of types not given are kept',
        params: UuidParams,
        querystring: CrmOrgQuery,
        body: AppointmentWrite,
        response: { 200: Appointment, ...errorResponses },
      },
    }, async (request) => presentAppointment(await updateAppointment(db, request.crm, request.params.uuid, request.body)))
  }

  app.get('/appointment/:uuid/reminders/', {
    schema: {
      tags,
      summary: "The appointment's reminder steps: channel, due time, state, reason, attempts, result, and for calls what was said and pressed",
      params: UuidParams,
      querystring: CrmOrgQuery,
      response: { 200: ReminderTimeline, ...tocsinErrorResponses },
    },
    // Tocsin's own endpoint: Tocsin's error format (README, "Compatibility and error format").
    config: { drf: false },
  }, async (request) => {
    const { row } = await getAppointment(db, request.crm, request.params.uuid)
    // Reached as getAppointment allows (the owner, from another organization too): its timeline in its organization.
    const steps = await reminderTimeline(db, { ...request.crm, organizationId: row.organizationId }, row.uuid)
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
