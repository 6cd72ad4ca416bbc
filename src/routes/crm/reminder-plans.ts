import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { errorResponses } from '../../schemas/common.js'
import { CrmOrgQuery, LimitOffsetPage } from '../../schemas/crm/common.js'
import { PlanParams, ReminderPlan, ReminderPlanListQuery, ReminderPlanPatch, ReminderPlanWrite } from '../../schemas/crm/reminder-plan.js'
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from '../../crm/reminders/plans.js'
import { limitOffsetLinks } from '../../kit/pagination.js'
import { presentPlan } from './present-reminders.js'

/** /reminderplans/: how the organization's appointments remind themselves (scoped like /appointment/). */
export async function reminderPlanRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['crm']

  app.get('/reminderplans/', {
    schema: {
      tags, summary: "The organization's reminder plans (a default one is made on first use)",
      querystring: ReminderPlanListQuery, response: { 200: LimitOffsetPage(ReminderPlan), ...errorResponses },
    },
  }, async (request) => {
    const { count, rows, limit, offset } = await listPlans(db, request.crm, request.query)
    return { count, ...limitOffsetLinks(request, count, limit, offset), results: rows.map((r) => presentPlan(request, r)) }
  })

  app.post('/reminderplans/', {
    schema: { tags, querystring: CrmOrgQuery, body: ReminderPlanWrite, response: { 201: ReminderPlan, ...errorResponses } },
  }, async (request, reply) => {
    const out = presentPlan(request, await createPlan(db, request.crm, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/reminderplans/:uuid/', {
    schema: { tags, params: PlanParams, querystring: CrmOrgQuery, response: { 200: ReminderPlan, ...errorResponses } },
  }, async (request) => presentPlan(request, await getPlan(db, request.crm, request.params.uuid)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/reminderplans/:uuid/', {
      schema: {
        tags,
        summary: 'Change a plan; appointments already scheduled keep their steps until they are changed',
        params: PlanParams,
        querystring: CrmOrgQuery,
        body: method === 'put' ? ReminderPlanWrite : ReminderPlanPatch,
        response: { 200: ReminderPlan, ...errorResponses },
      },
    }, async (request) => presentPlan(request, await updatePlan(db, request.crm, request.params.uuid, request.body, method === 'put')))
  }

  app.delete('/reminderplans/:uuid/', {
    schema: {
      tags, summary: 'Delete a plan (not the default); appointments that named it use the default',
      params: PlanParams, querystring: CrmOrgQuery, response: { 204: Type.Null(), ...errorResponses },
    },
  }, async (request, reply) => {
    await deletePlan(db, request.crm, request.params.uuid)
    return reply.status(204).send(null)
  })
}
