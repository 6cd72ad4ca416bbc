import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import type { SealedSurvey } from '../db/schema/index.js'
import { AppError } from '../errors.js'
import { link } from '../kit/links.js'
import { Page, PageQuery, pageOf, pageWindow } from '../kit/pagination.js'
import { drfErrorResponses as errorResponses } from '../kit/drf-errors.js'
import { ErrorBody, IdParams } from '../schemas/common.js'
import { SealedSurvey as SealedSurveySchema } from '../schemas/survey.js'
import { deleteSealedSurvey, findUsableSealedSurvey, listSealedSurveys } from '../surveys/surveys.js'

export function presentSealedSurvey(request: FastifyRequest, row: SealedSurvey): Static<typeof SealedSurveySchema> {
  return {
    id: row.id,
    url: link(request, 'sealed-survey', row.id),
    name: row.name,
    description: row.description,
    tts_language: row.ttsLanguage,
    tts_voice: row.ttsVoice,
    definition: row.definition,
    survey: link(request, 'survey', row.surveyId),
    builtin: row.builtin,
    created_date: row.createdAt.toISOString(),
  }
}

const immutable = (allow: string) =>
  new AppError(405, 'method_not_allowed', 'Sealed surveys cannot be changed: edit the survey and seal it again', undefined, { allow })

/** Sealed surveys are read-only copies: made by `POST /survey/{id}/seal/`, removable while unused. */
export async function sealedSurveyRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['surveys']

  app.get('/sealed-survey/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(SealedSurveySchema), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listSealedSurveys(db, request.principal, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentSealedSurvey(request, r)))
  })

  app.get('/sealed-survey/:id/', {
    schema: { tags, params: IdParams, response: { 200: SealedSurveySchema, ...errorResponses } },
  }, async (request) => presentSealedSurvey(request, await findUsableSealedSurvey(db, request.principal, request.params.id)))

  app.delete('/sealed-survey/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteSealedSurvey(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })

  // Answer writes with 405 rather than "no route", so clients learn why.
  const refused = { schema: { tags, hide: true, response: { 405: ErrorBody } } }
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    app.route({ method, url: '/sealed-survey/', ...refused, handler: async () => { throw immutable('GET, HEAD') } })
  }
  for (const method of ['POST', 'PUT', 'PATCH'] as const) {
    app.route({ method, url: '/sealed-survey/:id/', ...refused, handler: async () => { throw immutable('GET, HEAD, DELETE') } })
  }
}
