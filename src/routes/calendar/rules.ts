import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { Page, PageQuery, pageOf, pageWindow } from '../../kit/pagination.js'
import { Rule, RuleCreate, RulePatch } from '../../schemas/calendar/rule.js'
import { drfErrorResponses as errorResponses } from '../../kit/drf-errors.js'
import { IdParams } from '../../schemas/common.js'
import { createRule, deleteRule, getRule, listRules, updateRule } from '../../calendar/rules.js'
import { presentRule } from './present.js'

/** Recurrence rules: full CRUD (the original was read-only); the seeded defaults are shared. */
export async function ruleRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calendar']

  app.get('/rule/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(Rule), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listRules(db, request.principal, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentRule(request, r)))
  })

  app.post('/rule/', {
    schema: { tags, body: RuleCreate, response: { 201: Rule, ...errorResponses } },
  }, async (request, reply) => {
    const out = presentRule(request, await createRule(db, request.principal, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/rule/:id/', {
    schema: { tags, params: IdParams, response: { 200: Rule, ...errorResponses } },
  }, async (request) => presentRule(request, await getRule(db, request.principal, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/rule/:id/', {
      schema: { tags, params: IdParams, body: method === 'put' ? RuleCreate : RulePatch, response: { 200: Rule, ...errorResponses } },
    }, async (request) => presentRule(request, await updateRule(db, request.principal, request.params.id, request.body)))
  }

  app.delete('/rule/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteRule(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })
}
