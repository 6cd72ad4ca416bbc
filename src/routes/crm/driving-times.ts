import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { DrivingTime, DrivingTimeWrite } from '../../schemas/crm/appointment.js'
import { CrmOrgQuery } from '../../schemas/crm/common.js'
import { createDrivingTime, deleteDrivingTime, getDrivingTime, updateDrivingTime } from '../../crm/driving-times.js'
import { presentDrivingTime } from './present.js'

const DriveParams = Type.Object({ uuid: Type.String({ description: 'the driving time UUID' }) })

/** `/appointmentdrivingtimes/`: create, then read, change and delete by uuid (no list, as in the original). */
export async function drivingTimeRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['crm']

  app.post('/appointmentdrivingtimes/', {
    schema: { tags, summary: 'A drive to an appointment (appointment: its id)', querystring: CrmOrgQuery, body: DrivingTimeWrite, response: { 201: DrivingTime, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(presentDrivingTime(await createDrivingTime(db, request.crm, request.body))))

  app.get('/appointmentdrivingtimes/:uuid/', {
    schema: { tags, params: DriveParams, querystring: CrmOrgQuery, response: { 200: DrivingTime, ...errorResponses } },
  }, async (request) => presentDrivingTime(await getDrivingTime(db, request.crm, request.params.uuid)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/appointmentdrivingtimes/:uuid/', {
      schema: { tags, params: DriveParams, querystring: CrmOrgQuery, body: DrivingTimeWrite, response: { 200: DrivingTime, ...errorResponses } },
    }, async (request) => presentDrivingTime(await updateDrivingTime(db, request.crm, request.params.uuid, request.body, method === 'put')))
  }

  app.delete('/appointmentdrivingtimes/:uuid/', {
    schema: { tags, params: DriveParams, querystring: CrmOrgQuery, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteDrivingTime(db, request.crm, request.params.uuid)
    return reply.status(204).send(null)
  })
}
