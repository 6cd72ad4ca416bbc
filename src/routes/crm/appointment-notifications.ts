import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import {
  AppointmentNotification, AppointmentNotificationListQuery, AppointmentNotificationWrite,
} from '../../schemas/crm/appointment-notification.js'
import { CrmIdParams, CrmOrgQuery } from '../../schemas/crm/common.js'
import {
  createNotification, deleteNotification, getNotification, listNotifications, updateNotification, type NotificationWrite,
} from '../../crm/appointment-notifications.js'
import { crmLink, parseAppointmentRef } from './links.js'
import { presentNotification } from './present.js'

function toInput(body: Static<typeof AppointmentNotificationWrite>): NotificationWrite {
  const { appointment, ...rest } = body
  return { ...rest, appointment: appointment === undefined ? undefined : parseAppointmentRef('appointment', appointment) }
}

/** E-mails about appointments. They are sent by a job, once, never inside the request. */
export async function appointmentNotificationRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['crm']

  app.get('/appointmentnotifications/', {
    schema: {
      tags,
      summary: 'Notifications of the organization (a plain list, as in the original)',
      querystring: AppointmentNotificationListQuery,
      response: { 200: Type.Array(AppointmentNotification), ...errorResponses },
    },
  }, async (request) => {
    const { appointment, ...query } = request.query
    const uuid = appointment === undefined ? undefined : parseAppointmentRef('appointment', appointment)
    const views = await listNotifications(db, request.crm, { ...query, appointment: uuid })
    return views.map((v) => presentNotification(request, v))
  })

  app.post('/appointmentnotifications/', {
    schema: {
      tags,
      summary: 'Create a notification; with send_notification it is queued and sent once',
      querystring: CrmOrgQuery,
      body: AppointmentNotificationWrite,
      response: { 201: AppointmentNotification, ...errorResponses },
    },
  }, async (request, reply) => {
    const view = await createNotification(db, request.crm, toInput(request.body))
    return reply.status(201).header('location', crmLink(request, 'appointmentnotifications', view.row.id))
      .send(presentNotification(request, view))
  })

  app.get('/appointmentnotifications/:id/', {
    schema: { tags, params: CrmIdParams, querystring: CrmOrgQuery, response: { 200: AppointmentNotification, ...errorResponses } },
  }, async (request) => presentNotification(request, await getNotification(db, request.crm, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/appointmentnotifications/:id/', {
      schema: {
        tags,
        summary: 'Change the given fields (PUT too, as in the original)',
        params: CrmIdParams,
        querystring: CrmOrgQuery,
        body: AppointmentNotificationWrite,
        response: { 200: AppointmentNotification, ...errorResponses },
      },
    }, async (request) => presentNotification(request, await updateNotification(db, request.crm, request.params.id, toInput(request.body))))
  }

  app.delete('/appointmentnotifications/:id/', {
    schema: { tags, params: CrmIdParams, querystring: CrmOrgQuery, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteNotification(db, request.crm, request.params.id)
    return reply.status(204).send(null)
  })
}
