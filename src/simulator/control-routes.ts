import type { FastifyInstance, FastifyReply } from 'fastify'
import { DEFAULT_CALLEE, isE164, parseCalleeScript } from './callee-script.js'
import type { SimulatorStore } from './store.js'
import type { RestFault, SimCall, SimMessage, WebhookAttempt } from './types.js'

const LIST_LIMIT = 100
const FAULT_STATUSES: ReadonlyArray<RestFault['status']> = [429, 500, 503]

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

/** The simulator's own API: script callees, inject faults, and watch what happened. */
export async function registerControlApi(app: FastifyInstance, { store }: { store: SimulatorStore }): Promise<void> {
  app.put<{ Params: { number: string } }>('/numbers/:number', async (request, reply) => {
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

  app.get<ListQuery>('/calls', async (request) => {
    const calls = store.listCalls({ to: request.query.to }).slice(0, limitOf(request.query))
    return { calls: calls.map(callView) }
  })

  app.get<{ Params: { sid: string } }>('/calls/:sid', async (request, reply) => {
    const call = store.getCall(request.params.sid)
    if (call === undefined) return reply.code(404).send({ error: { code: 'not_found', message: 'No such call' } })
    return callView(call)
  })

  app.get<ListQuery>('/messages', async (request) => {
    const messages = store.listMessages({ to: request.query.to }).slice(0, limitOf(request.query))
    return { messages: messages.map(messageView) }
  })

  app.put('/faults', async (request, reply) => {
    const body = (request.body ?? {}) as { status?: unknown; count?: unknown }
    const status = body.status ?? 429
    const count = body.count ?? 1
    const fields: Record<string, string> = {}
    if (!FAULT_STATUSES.includes(status as RestFault['status'])) fields.status = 'must be 429, 500 or 503'
    if (!Number.isInteger(count) || (count as number) < 0) fields.count = 'must be a non-negative integer'
    if (Object.keys(fields).length > 0) return validationError(reply, 'Invalid fault', fields)
    store.setFault({ status: status as RestFault['status'], count: count as number })
    return { fault: store.getFault() }
  })

  app.get('/faults', async () => ({ fault: store.getFault() }))

  app.delete('/faults', async (_request, reply) => {
    store.setFault(null)
    return reply.code(204).send()
  })
}
