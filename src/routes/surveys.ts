import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import type { Survey } from '../db/schema/index.js'
import { link } from '../kit/links.js'
import { Page, PageQuery, pageOf, pageWindow } from '../kit/pagination.js'
import { errorResponses, IdParams } from '../schemas/common.js'
import { SealedSurvey as SealedSurveySchema, Survey as SurveySchema, SurveyCreate, SurveyPatch } from '../schemas/survey.js'
import { createSurvey, deleteSurvey, getSurvey, listSurveys, sealSurvey, updateSurvey } from '../surveys/surveys.js'
import { presentSealedSurvey } from './sealed-surveys.js'

export function presentSurvey(request: FastifyRequest, row: Survey): Static<typeof SurveySchema> {
  return {
    id: row.id,
    url: link(request, 'survey', row.id),
    name: row.name,
    description: row.description,
    tts_language: row.ttsLanguage,
    tts_voice: row.ttsVoice,
    definition: row.definition,
    created_date: row.createdAt.toISOString(),
    updated_date: row.updatedAt.toISOString(),
  }
}

/** Editable surveys of the caller (admins: everyone's). Calls only ever run sealed copies. */
export async function surveyRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['surveys']

  app.get('/survey/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(SurveySchema), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listSurveys(db, request.principal, limit, offset)
    return pageOf(request, request.query, count, rows.map((r) => presentSurvey(request, r)))
  })

  app.post('/survey/', {
    schema: { tags, body: SurveyCreate, response: { 201: SurveySchema, ...errorResponses } },
  }, async (request, reply) => {
    const out = presentSurvey(request, await createSurvey(db, request.principal, request.body))
    return reply.status(201).header('location', out.url).send(out)
  })

  app.get('/survey/:id/', {
    schema: { tags, params: IdParams, response: { 200: SurveySchema, ...errorResponses } },
  }, async (request) => presentSurvey(request, await getSurvey(db, request.principal, request.params.id)))

  for (const method of ['put', 'patch'] as const) {
    app[method]('/survey/:id/', {
      schema: {
        tags,
        params: IdParams,
        body: method === 'put' ? SurveyCreate : SurveyPatch,
        response: { 200: SurveySchema, ...errorResponses },
      },
    }, async (request) => presentSurvey(request, await updateSurvey(db, request.principal, request.params.id, request.body)))
  }

  app.delete('/survey/:id/', {
    schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteSurvey(db, request.principal, request.params.id)
    return reply.status(204).send(null)
  })

  await app.register(sealRoute)
}

/**
 * Sealing takes no input, and clients that always send `Content-Type: application/json` (as seed
 * 004's curl examples do) would otherwise get a 400 for the empty body.
 */
async function sealRoute(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body)
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined)
    }
  })

  app.post('/survey/:id/seal/', {
    schema: {
      tags: ['surveys'],
      summary: 'Seal: copy the survey as it is now into a new, immutable sealed survey',
      params: IdParams,
      response: { 201: SealedSurveySchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const out = presentSealedSurvey(request, await sealSurvey(db, request.principal, request.params.id))
    return reply.status(201).header('location', out.url).send(out)
  })
}
