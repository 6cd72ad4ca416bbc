import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { DEFAULT_CALLEE, isE164, parseCalleeScript } from './callee-script.js'
import type { Chaos } from './chaos.js'
import { registerChaosApi } from './chaos-routes.js'
import { registerIncomingSms, type IncomingSmsOptions } from './incoming-sms.js'
import { CalleeScriptBody, ErrorBody, FaultBody, NumberParams } from './control-schemas.js'
import type { SimulatorAccess } from './simulator.js'
import type { SimulatorStore } from './store.js'
import type { RestFault, SimCall, SimMessage, WebhookAttempt } from './types.js'

const LIST_LIMIT = 100
const tags = ['simulator']

function validationError(reply: FastifyReply, message: string, fields: Record<string, string>): FastifyReply {
  return reply.code(400).send({ error: { code: 'validation_failed', message, fields } })
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

function webhookView(w: WebhookAttempt) {
  return { at: w.at, kind: w.kind, method: w.method, url: w.url, response_code: w.status, ms: w.ms, ...(w.error && { error: w.error }) }
}

export function callView(call: SimCall) {
  return {
    sid: call.sid,
    url: call.url,
    create_answer: call.createAnswer,
    queue_time_ms: call.queueTimeMs,
    from: call.from,
    to: call.to,
    direction: call.direction,
    status: call.status,
    answered_by: call.answeredBy,
    duration: call.duration,
    date_created: call.dateCreated.toISOString(),
    start_time: iso(call.startTime),
    end_time: iso(call.endTime),
    status_history: call.statusHistory,
    transcript: call.transcript,
    webhooks: call.webhooks.map(webhookView),
  }
}

export function messageView(message: SimMessage) {
  return {
    sid: message.sid,
    from: message.from,
    to: message.to,
    body: message.body,
    status: message.status,
    error_code: message.errorCode,
    error_message: message.errorMessage,
    call_sid: message.callSid,
    validity_period: message.validityPeriod,
    date_created: message.dateCreated.toISOString(),
    date_sent: iso(message.dateSent),
    status_history: message.statusHistory,
    webhooks: message.webhooks.map(webhookView),
  }
}

type ListQuery = { Querystring: { to?: string; limit?: string } }

function limitOf(query: { limit?: string }): number {
  const n = Number(query.limit ?? LIST_LIMIT)
  return Number.isInteger(n) && n > 0 ? n : LIST_LIMIT
}

/** Pages through `items` (newest first) for the first `limit` the request may see; all of them without access rules. */
async function visible<T extends { sid: string }>(
  access: SimulatorAccess | undefined, request: FastifyRequest, kind: 'call' | 'message', items: T[], limit: number,
): Promise<T[]> {
  if (!access) return items.slice(0, limit)
  const allowed = await access.inspect(request)
  const shown: T[] = []
  for (let from = 0; from < items.length && shown.length < limit; from += 200) {
    const page = items.slice(from, from + 200)
    const ok = await allowed(kind, page.map((item) => item.sid))
    shown.push(...page.filter((item) => ok.has(item.sid)))
  }
  return shown.slice(0, limit)
}

/**
 * The simulator's own API: script callees, inject faults and disorder (with `access`: admins only, as they change
 * what every organization's calls do), and watch what happened (with `access`: only the calls and messages the caller
 * may see).
 */
export async function registerControlApi(
  app: FastifyInstance,
  { store, chaos, access, incoming }: { store: SimulatorStore; chaos: Chaos; access?: SimulatorAccess | undefined; incoming: Omit<IncomingSmsOptions, 'store'> },
): Promise<void> {
  await app.register(async (control) => {
    if (access) control.addHook('onRequest', async (request) => access.control(request))
    registerControl(control, store)
    registerIncomingSms(control, { store, ...incoming })
    await registerChaosApi(control, { store, chaos })
  })
  registerInspection(app, store, access)
}

function registerControl(app: FastifyInstance, store: SimulatorStore): void {
  app.put<{ Params: { number: string } }>('/numbers/:number', {
    schema: {
      tags, summary: 'Script how a simulated number answers', params: NumberParams, body: CalleeScriptBody,
      response: { 400: ErrorBody },
    },
  }, async (request, reply) => {
    const { number } = request.params
    if (!isE164(number)) return validationError(reply, 'Not an E.164 number', { number: 'must look like +15551234567' })
    const parsed = parseCalleeScript(request.body)
    if (!parsed.ok) return validationError(reply, 'Invalid callee script', parsed.fields)
    store.setScript(number, parsed.script)
    return { number, scripted: true, ...parsed.script }
  })

  app.get<{ Params: { number: string } }>('/numbers/:number', async (request) => {
    const { number } = request.params
    const script = store.getScript(number)
    return { number, scripted: script !== undefined, ...(script ?? DEFAULT_CALLEE) }
  })

  app.delete<{ Params: { number: string } }>('/numbers/:number', async (request, reply) => {
    store.deleteScript(request.params.number)
    return reply.code(204).send()
  })

  app.delete('/numbers', async (_request, reply) => {
    store.resetScripts()
    return reply.code(204).send()
  })

  const Fault = Type.Object({ fault: Type.Union([Type.Object({ status: Type.Integer(), count: Type.Integer() }), Type.Null()]) })
  app.put('/faults', {
    schema: { tags, summary: 'Make the next REST requests fail (429, 500 or 503)', body: FaultBody, response: { 200: Fault, 400: ErrorBody } },
  }, async (request) => {
    const body = (request.body ?? {}) as { status?: RestFault['status']; count?: number }
    store.setFault({ status: body.status ?? 429, count: body.count ?? 1 })
    return { fault: store.getFault() }
  })

  app.get('/faults', async () => ({ fault: store.getFault() }))

  app.delete('/faults', async (_request, reply) => {
    store.setFault(null)
    return reply.code(204).send()
  })
}

function registerInspection(app: FastifyInstance, store: SimulatorStore, access: SimulatorAccess | undefined): void {
  app.get<ListQuery>('/calls', async (request) => {
    const calls = await visible(access, request, 'call', store.listCalls({ to: request.query.to }), limitOf(request.query))
    return { calls: calls.map(callView) }
  })

  app.get<{ Params: { sid: string } }>('/calls/:sid', async (request, reply) => {
    const found = store.getCall(request.params.sid)
    const [call] = await visible(access, request, 'call', found === undefined ? [] : [found], 1)
    if (call === undefined) return reply.code(404).send({ error: { code: 'not_found', message: 'No such call' } })
    return callView(call)
  })

  app.get<ListQuery>('/messages', async (request) => {
    const messages = await visible(access, request, 'message', store.listMessages({ to: request.query.to }), limitOf(request.query))
    return { messages: messages.map(messageView) }
  })
}
