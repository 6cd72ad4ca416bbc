import type { FastifyInstance, FastifyReply } from 'fastify'
import { isE164, isKeys } from './callee-script.js'
import type { PhoneLines } from './phone-lines.js'
import type { SimulatorAccess } from './simulator.js'
import type { SimulatorStore } from './store.js'

/** Long enough to be cheap, short enough for proxies that cut idle requests at 30 s. */
const MAX_WAIT_SECONDS = 25

function fail(reply: FastifyReply, status: number, code: string, message: string, fields?: Record<string, string>) {
  return reply.code(status).send({ error: { code, message, ...(fields && { fields }) } })
}

/**
 * Being the person on a simulated number: watch its calls live and type keys (`tocsin phone`). With `access`, for
 * those who may control the simulator (a number's calls may be any organization's).
 */
export async function registerLineApi(
  parent: FastifyInstance, { store, lines, access }: { store: SimulatorStore; lines: PhoneLines; access?: SimulatorAccess | undefined },
): Promise<void> {
  await parent.register(async (app) => {
    if (access) app.addHook('onRequest', async (request) => access.control(request))
    routes(app, store, lines)
  })
}

function routes(app: FastifyInstance, store: SimulatorStore, lines: PhoneLines): void {
  app.get<{ Params: { number: string }; Querystring: { after?: string; wait?: string } }>(
    '/numbers/:number/events',
    async (request, reply) => {
      const { number } = request.params
      if (!isE164(number)) return fail(reply, 400, 'validation_failed', 'Not an E.164 number', { number: 'must look like +15551234567' })
      const after = request.query.after === undefined ? null : Number(request.query.after)
      const wait = Number(request.query.wait ?? MAX_WAIT_SECONDS)
      const fields: Record<string, string> = {}
      if (after !== null && !(Number.isInteger(after) && after >= 0)) fields.after = 'must be a non-negative integer'
      if (!(Number.isFinite(wait) && wait >= 0 && wait <= MAX_WAIT_SECONDS)) fields.wait = `must be 0 to ${MAX_WAIT_SECONDS} seconds`
      if (Object.keys(fields).length > 0) return fail(reply, 400, 'validation_failed', 'Invalid query', fields)
      // Stop holding the request once the listener has gone away.
      const gone = new AbortController()
      reply.raw.once('close', () => gone.abort())
      return lines.events(number, after, wait * 1000, gone.signal)
    },
  )

  app.post<{ Params: { number: string } }>('/numbers/:number/press', async (request, reply) => {
    const { number } = request.params
    if (!isE164(number)) return fail(reply, 400, 'validation_failed', 'Not an E.164 number', { number: 'must look like +15551234567' })
    const digits = (request.body as { digits?: unknown } | undefined)?.digits
    if (!isKeys(digits)) {
      return fail(reply, 400, 'validation_failed', 'Invalid keys', { digits: 'must be 1 to 32 keys of 0-9, * and #' })
    }
    if (!store.getScript(number)?.interactive) {
      return fail(reply, 409, 'not_interactive', `${number} is not answered by a person; PUT {"interactive": true} first`)
    }
    if (!store.listCalls({ to: number }).some((call) => call.status === 'in-progress')) {
      return fail(reply, 409, 'no_call', `No call to ${number} is in progress`)
    }
    lines.press(number, digits)
    return reply.code(202).send({ number, digits })
  })
}
