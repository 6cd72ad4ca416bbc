import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import type { Call } from '../db/schema/index.js'
import { link, parseLink } from '../kit/links.js'
import { Page, PageQuery, pageOf, pageWindow } from '../kit/pagination.js'
import { CallRequest, CallRequestCreate } from '../schemas/call-request.js'
import { drfErrorResponses as errorResponses } from '../kit/drf-errors.js'
import { IdParams } from '../schemas/common.js'
import { callAnswers, getCall, listCalls, requestCall } from '../dialer/call-requests.js'
import { contactHoursNotice } from '../alarms/contact-hours-notice.js'

type Answer = Awaited<ReturnType<typeof callAnswers>>[number]
const iso = (d: Date | null) => d?.toISOString() ?? null

function present(request: FastifyRequest, row: Call, answers: Answer[]): Static<typeof CallRequest> {
  return {
    id: row.id,
    url: link(request, 'callrequest', row.id),
    phone_number: row.toNumber,
    callerid: row.fromNumber,
    survey: link(request, 'sealed-survey', row.sealedSurveyId),
    gateway: link(request, 'gateway', row.gatewayId),
    alarm_request: link(request, 'alarm-request', row.alarmRequestId),
    status: row.status,
    callstatus: row.callstatus,
    answered_by: row.answeredBy,
    result: row.result,
    transferred_to: row.transferredTo,
    provider_sid: row.providerSid,
    duration: row.duration,
    error: row.error,
    created_date: row.createdAt.toISOString(),
    dialed_date: iso(row.dialedAt),
    answered_date: iso(row.answeredAt),
    ended_date: iso(row.endedAt),
    answers: answers.filter((a) => a.callId === row.id).map((a) => ({
      node: a.nodeId, response: a.response, recording_url: a.recordingUrl, recording_duration: a.recordingDuration,
    })),
  }
}

/** Place one call now ("test this reminder on my phone"), and read every call with its answers. */
export async function callRequestRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = app.deps
  const tags = ['calls']

  app.get('/callrequest/', {
    schema: { tags, querystring: PageQuery, response: { 200: Page(CallRequest), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listCalls(db, request.principal, limit, offset)
    const answers = await callAnswers(db, rows.map((r) => r.id))
    return pageOf(request, request.query, count, rows.map((r) => present(request, r, answers)))
  })

  app.get('/callrequest/:id/', {
    schema: { tags, params: IdParams, response: { 200: CallRequest, ...errorResponses } },
  }, async (request) => {
    const row = await getCall(db, request.principal, request.params.id)
    return present(request, row, await callAnswers(db, [row.id]))
  })

  app.post('/callrequest/', {
    schema: { tags, summary: 'Place one call now', body: CallRequestCreate, response: { 201: CallRequest, ...errorResponses } },
  }, async (request, reply) => {
    const body = request.body
    const row = await requestCall(db, request.principal, {
      phoneNumber: body.phone_number,
      sealedSurveyId: parseLink('survey', body.survey, 'sealed-survey'),
      gatewayId: parseLink('gateway', body.gateway, 'gateway'),
      ...(body.callerid !== undefined && { callerid: body.callerid }),
      ...(body.data !== undefined && { data: body.data }),
      ...(body.amd_behavior !== undefined && { amdBehavior: body.amd_behavior }),
      ...(body.timeout !== undefined && { timeout: body.timeout }),
      ...(body.phonenumber_transfer !== undefined && { transferNumber: body.phonenumber_transfer }),
    })
    const notice = await contactHoursNotice(db, row.organizationId, row.toNumber, row.createdAt)
    const out = {
      ...present(request, row, []),
      ...(notice && {
        contact_hours: {
          timezone: notice.timezone, start: notice.start, end: notice.end, within: notice.within, next_opening: iso(notice.nextOpening),
        },
      }),
    }
    return reply.status(201).header('location', out.url).send(out)
  })
}
