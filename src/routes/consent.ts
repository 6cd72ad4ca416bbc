import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import type { SmsMessage } from '../db/schema/index.js'
import { organizationDefaultsOf } from '../calendar/organization.js'
import { getDoNotContact, getSmsMessage, listDoNotContact, listSmsMessages, type DoNotContactEntry } from '../dialer/consent-list.js'
import { optInById, optOut } from '../dialer/do-not-contact.js'
import { forbidden, notFound } from '../errors.js'
import { link } from '../kit/links.js'
import { Page, pageOf, pageWindow } from '../kit/pagination.js'
import { toE164 } from '../kit/validation.js'
import { errorResponses, IdParams } from '../schemas/common.js'
import { DoNotContactCreate, DoNotContactEntry as EntrySchema, DoNotContactQuery, SmsMessageOut, SmsMessageQuery } from '../schemas/consent.js'

function presentEntry(request: FastifyRequest, row: DoNotContactEntry): Static<typeof EntrySchema> {
  return {
    id: row.id,
    url: link(request, 'do-not-contact', row.id),
    phone_number: row.phoneNumber,
    reason: row.reason,
    source: row.source,
    keyword: row.keyword,
    message: link(request, 'sms-message', row.messageId),
    created_at: row.createdAt.toISOString(),
    history: row.history.map((h) => ({
      action: h.action, source: h.source, keyword: h.keyword, message: link(request, 'sms-message', h.messageId),
      user: link(request, 'user', h.userId), reason: h.reason, created_at: h.createdAt.toISOString(),
    })),
  }
}

function presentSms(request: FastifyRequest, row: SmsMessage): Static<typeof SmsMessageOut> {
  return {
    id: row.id,
    url: link(request, 'sms-message', row.id),
    direction: row.direction,
    from_number: row.fromNumber,
    to_number: row.toNumber,
    body: row.body,
    status: row.status,
    matched: row.matched,
    alarm_request: link(request, 'alarm-request', row.alarmRequestId),
    provider_sid: row.providerSid,
    error_code: row.errorCode,
    error: row.error,
    created_at: row.createdAt.toISOString(),
  }
}

/**
 * The caller's organization's do-not-contact list with each number's consent history, and its texts in and out
 * (README "Consent and opt-out"). Organization-wide and it stops calls: for admins and managers, not calendar users.
 */
export async function consentRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { deps } = app
  const { db } = deps
  app.addHook('preHandler', async (request) => {
    if (request.principal.role === 'calendar_user') throw forbidden('Calendar users do not manage the do-not-contact list or read texts')
  })
  const tags = ['consent']

  app.get('/do-not-contact/', {
    schema: { tags, querystring: DoNotContactQuery, response: { 200: Page(EntrySchema), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listDoNotContact(db, request.principal.organizationId, { phoneNumber: request.query.phone_number, limit, offset })
    return pageOf(request, request.query, count, rows.map((r) => presentEntry(request, r)))
  })

  app.get('/do-not-contact/:id/', {
    schema: { tags, params: IdParams, response: { 200: EntrySchema, ...errorResponses } },
  }, async (request) => presentEntry(request, await getDoNotContact(db, request.principal.organizationId, request.params.id)))

  app.post('/do-not-contact/', {
    schema: {
      tags, summary: 'Put a number on the do-not-contact list (201; 200 with the entry when it is already there)', body: DoNotContactCreate,
      response: { 200: EntrySchema, 201: EntrySchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const { principal } = request
    const phoneNumber = toE164('phone_number', request.body.phone_number, (await organizationDefaultsOf(db, principal.id)).defaultRegion)
    const entry = await db.transaction(async (tx) => {
      const { entry: row, created } = await optOut(tx, deps, {
        organizationId: principal.organizationId, phoneNumber, source: 'api', userId: principal.id, reason: request.body.reason ?? '',
      })
      return { created, out: await getDoNotContact(tx, principal.organizationId, row.id) }
    })
    const out = presentEntry(request, entry.out)
    return reply.status(entry.created ? 201 : 200).header('location', out.url).send(out)
  })

  app.delete('/do-not-contact/:id/', {
    schema: { tags, summary: 'Take a number off the list (logged as an opt-in by the API)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const { principal } = request
    const removed = await db.transaction((tx) =>
      optInById(tx, deps, { organizationId: principal.organizationId, id: request.params.id, source: 'api', userId: principal.id }))
    if (!removed) throw notFound('Do-not-contact entry')
    return reply.status(204).send(null)
  })

  app.get('/sms-message/', {
    schema: { tags, querystring: SmsMessageQuery, response: { 200: Page(SmsMessageOut), ...errorResponses } },
  }, async (request) => {
    const { limit, offset } = pageWindow(request.query)
    const { count, rows } = await listSmsMessages(db, request.principal.organizationId, {
      direction: request.query.direction, phoneNumber: request.query.phone_number, matched: request.query.matched, limit, offset,
    })
    return pageOf(request, request.query, count, rows.map((r) => presentSms(request, r)))
  })

  app.get('/sms-message/:id/', {
    schema: { tags, params: IdParams, response: { 200: SmsMessageOut, ...errorResponses } },
  }, async (request) => presentSms(request, await getSmsMessage(db, request.principal.organizationId, request.params.id)))
}
