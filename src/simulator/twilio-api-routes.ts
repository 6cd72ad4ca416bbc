import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { parseBasicAuth } from './basic-auth.js'
import type { CallRunner } from './call-runner.js'
import type { CallSetup } from './call-session.js'
import type { Chaos } from './chaos.js'
import { isE164 } from './callee-script.js'
import { newSid } from './sids.js'
import { silentWav } from './silent-wav.js'
import type { SmsRunner } from './sms-runner.js'
import type { SimulatorStore } from './store.js'
import { API_VERSION, callJson, callPage, messageJson, twilioError } from './twilio-json.js'
import { OPTED_OUT, scriptedError, SIMULATED_ERRORS } from './twilio-errors.js'
import type { SimCall } from './types.js'

export interface TwilioApiDeps {
  store: SimulatorStore
  calls: CallRunner
  sms: SmsRunner
  chaos: Chaos
  verifyAuth: ((accountSid: string, authToken: string) => Promise<boolean> | boolean) | undefined
  /** Where the simulator is mounted ('' or '/simulator'), to build absolute recording URLs. */
  mountPrefix: string
  /** The URLs calls and messages may be told to request (SimulatorAccess.allowUrl); any http(s) URL without it. */
  allowUrl?: ((url: string) => boolean) | undefined
}

type Form = Record<string, string | string[] | undefined>
type AccountRequest = FastifyRequest<{ Params: { accountSid: string; sid?: string }; Body: Form | undefined }>

const FAULT_ERRORS = {
  429: [20429, 'Too Many Requests'],
  500: [20500, 'Internal Server Error'],
  503: [20503, 'Service Unavailable'],
} as const

function first(form: Form | undefined, name: string): string | undefined {
  const value = form?.[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Lists arrive as repeated parameters (StatusCallbackEvent=a&StatusCallbackEvent=b). Like Twilio's
 * REST API, a space-separated value is not split: that form belongs to TwiML attributes only.
 */
function all(form: Form | undefined, name: string): string[] {
  const value = form?.[name]
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

const NOT_OURS = 'is not a URL of the application this simulator serves'

function httpMethod(value: string | undefined): 'GET' | 'POST' {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST'
}

function fail(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).send(twilioError(status, code, message))
}

/** The subset of Twilio's 2010-04-01 REST API that Tocsin uses. */
export async function registerTwilioApi(app: FastifyInstance, deps: TwilioApiDeps): Promise<void> {
  const { store, calls, sms, chaos, verifyAuth, mountPrefix } = deps
  const allowUrl = deps.allowUrl ?? (() => true)

  const authToken = (request: FastifyRequest): string => parseBasicAuth(request.headers.authorization)?.password ?? ''
  const findCall = (request: AccountRequest): SimCall | undefined => {
    const call = store.getCall(request.params.sid ?? '')
    return call?.accountSid === request.params.accountSid ? call : undefined
  }
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    fail(reply, 404, 20404, `The requested resource ${request.url} was not found`)

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request: AccountRequest, reply) => {
        const credentials = parseBasicAuth(request.headers.authorization)
        // Webhooks are signed with the caller's auth token, so the simulator cannot work without one.
        const authentic =
          credentials !== null &&
          credentials.username === request.params.accountSid &&
          (verifyAuth === undefined || (await verifyAuth(credentials.username, credentials.password)))
        if (!authentic) {
          return fail(reply.header('WWW-Authenticate', 'Basic realm="Twilio API"'), 401, 20003, 'Authenticate')
        }
        const fault = store.takeFault()
        if (fault !== null) {
          const [code, message] = FAULT_ERRORS[fault]
          return fail(reply, fault, code, message)
        }
      })

      api.post('/Calls.json', async (request: AccountRequest, reply) => {
        const body = request.body
        const to = first(body, 'To')
        const from = first(body, 'From')
        const url = first(body, 'Url')
        const statusCallback = first(body, 'StatusCallback')
        const asyncAmdStatusCallback = first(body, 'AsyncAmdStatusCallback')
        if (to === undefined || to === '') return fail(reply, 400, 21201, "No 'To' number is specified")
        if (!isE164(to)) return fail(reply, 400, 21211, `The 'To' number ${to} is not a valid phone number.`)
        if (from === undefined || from === '') return fail(reply, 400, 21213, "No 'From' number is specified")
        if (!isE164(from)) return fail(reply, 400, 21212, `The 'From' number ${from} is not a valid phone number.`)
        if (url === undefined || url === '') return fail(reply, 400, 21205, 'Url parameter is required.')
        const urls = { Url: url, StatusCallback: statusCallback, AsyncAmdStatusCallback: asyncAmdStatusCallback }
        for (const [name, value] of Object.entries(urls)) {
          if (value !== undefined && !isHttpUrl(value)) return fail(reply, 400, 21205, `${name} is not a valid URL: ${value}`)
          if (value !== undefined && !allowUrl(value)) return fail(reply, 400, 21205, `${name} ${NOT_OURS}: ${value}`)
        }
        const refused = scriptedError('calls', { to, from }, store.errorCodeOf)
        if (refused) {
          store.addRefusal({ at: new Date(), kind: 'calls', to, from, code: refused.code })
          return fail(reply, refused.status, refused.code, refused.message)
        }
        const timeout = Number(first(body, 'Timeout') ?? 60)
        const machineDetection = first(body, 'MachineDetection')
        const setup: CallSetup = {
          url,
          method: httpMethod(first(body, 'Method')),
          statusCallback: statusCallback ?? null,
          statusCallbackMethod: httpMethod(first(body, 'StatusCallbackMethod')),
          statusCallbackEvents: all(body, 'StatusCallbackEvent'),
          timeoutSeconds: Number.isFinite(timeout) ? Math.min(600, Math.max(1, timeout)) : 60,
          machineDetection: machineDetection === 'Enable' || machineDetection === 'DetectMessageEnd' ? machineDetection : null,
          asyncAmd: first(body, 'AsyncAmd') === 'true',
          asyncAmdStatusCallback: asyncAmdStatusCallback ?? null,
          asyncAmdStatusCallbackMethod: httpMethod(first(body, 'AsyncAmdStatusCallbackMethod')),
          apiBase: `${request.protocol}://${request.host}${mountPrefix}`,
        }
        const now = new Date()
        const call: SimCall = {
          sid: newSid('CA'),
          url,
          createAnswer: 'created',
          queueTimeMs: 0,
          accountSid: request.params.accountSid,
          from,
          to,
          direction: 'outbound-api',
          status: 'queued',
          answeredBy: null,
          duration: null,
          dateCreated: now,
          dateUpdated: now,
          startTime: null,
          endTime: null,
          statusHistory: [{ status: 'queued', at: now.toISOString() }],
          transcript: [],
          webhooks: [],
        }
        store.addCall(call)
        store.rememberNumber(from, { accountSid: request.params.accountSid, authToken: authToken(request) })
        const disorder = chaos.nextCall()
        calls.start(call, setup, authToken(request), disorder)
        // The network's worst: the call is placed, but its creator never hears so clearly.
        const ambiguous = disorder.ambiguousCreate()
        if (ambiguous === 'unavailable') {
          call.createAnswer = ambiguous
          return fail(reply, 503, 20503, 'Service Unavailable')
        }
        if (ambiguous === 'no-answer') {
          call.createAnswer = ambiguous
          reply.hijack()
          const cut = () => request.raw.socket?.destroy()
          const ms = disorder.delayMs()
          if (ms > 0) setTimeout(cut, ms).unref()
          else cut()
          return reply
        }
        return reply.code(201).send(callJson(call))
      })

      // Newest first, filtered as Twilio's list filters them (To, From, Status), a page at a time.
      api.get('/Calls.json', async (request: AccountRequest) => {
        const query = request.query as Record<string, string | undefined>
        const pageSize = Math.min(1000, Math.max(1, Number(query.PageSize ?? 50) || 50))
        const page = Math.max(0, Number(query.Page ?? 0) || 0)
        const matching = store.listCalls({ ...(query.To !== undefined && { to: query.To }) }).filter((c) =>
          c.accountSid === request.params.accountSid
          && (query.From === undefined || c.from === query.From)
          && (query.Status === undefined || c.status === query.Status))
        return callPage(request.params.accountSid, matching, page, pageSize, query)
      })

      api.get('/Calls/:sid.json', async (request: AccountRequest, reply) => {
        const call = findCall(request)
        return call === undefined ? notFound(request, reply) : callJson(call)
      })

      api.post('/Calls/:sid.json', async (request: AccountRequest, reply) => {
        const call = findCall(request)
        if (call === undefined) return notFound(request, reply)
        const status = first(request.body, 'Status')
        const url = first(request.body, 'Url')
        if (status !== undefined && status !== 'completed' && status !== 'canceled') {
          return fail(reply, 400, 21218, `Status must be 'completed' or 'canceled', not '${status}'`)
        }
        if (url !== undefined && !isHttpUrl(url)) return fail(reply, 400, 21205, `Url is not a valid URL: ${url}`)
        if (url !== undefined && !allowUrl(url)) return fail(reply, 400, 21205, `Url ${NOT_OURS}: ${url}`)
        if (status !== undefined) {
          calls.hangup(call.sid, status)
        } else if (url !== undefined && !calls.redirect(call.sid, url, httpMethod(first(request.body, 'Method')))) {
          return fail(reply, 400, 21220, 'Call is not in-progress. Cannot redirect.')
        }
        // Let the interrupted call settle so the answer shows its new status.
        await new Promise((resolve) => setImmediate(resolve))
        return callJson(call)
      })

      api.post('/Messages.json', async (request: AccountRequest, reply) => {
        const body = request.body
        const to = first(body, 'To')
        const from = first(body, 'From')
        const text = first(body, 'Body')
        const statusCallback = first(body, 'StatusCallback')
        if (to === undefined || to === '') return fail(reply, 400, 21604, "A 'To' phone number is required.")
        if (!isE164(to)) return fail(reply, 400, 21211, `The 'To' number ${to} is not a valid phone number.`)
        if (from === undefined || from === '') return fail(reply, 400, 21603, "A 'From' phone number is required.")
        if (!isE164(from)) return fail(reply, 400, 21212, `The 'From' number ${from} is not a valid phone number.`)
        if (text === undefined || text === '') return fail(reply, 400, 21602, 'Message body is required.')
        if (statusCallback !== undefined && !isHttpUrl(statusCallback)) {
          return fail(reply, 400, 21609, `StatusCallback is not a valid URL: ${statusCallback}`)
        }
        if (statusCallback !== undefined && !allowUrl(statusCallback)) return fail(reply, 400, 21609, `StatusCallback ${NOT_OURS}: ${statusCallback}`)
        const validity = first(body, 'ValidityPeriod')
        const validityPeriod = validity === undefined ? null : Number(validity)
        if (validityPeriod !== null && !(Number.isInteger(validityPeriod) && validityPeriod >= 1 && validityPeriod <= 36_000)) {
          return fail(reply, 400, 21624, 'Validity period can only be set to integers between 1 and 36000 seconds.')
        }
        const refused = scriptedError('messages', { to, from }, store.errorCodeOf)
        if (refused) {
          store.addRefusal({ at: new Date(), kind: 'messages', to, from, code: refused.code })
          return fail(reply, refused.status, refused.code, refused.message)
        }
        store.rememberNumber(from, { accountSid: request.params.accountSid, authToken: authToken(request) })
        if (store.isOptedOut(from, to)) {
          store.addRefusal({ at: new Date(), kind: 'messages', to, from, code: OPTED_OUT })
          return fail(reply, 400, OPTED_OUT, SIMULATED_ERRORS[OPTED_OUT]!.message({ to, from }))
        }
        const message = sms.send({
          validityPeriod,
          accountSid: request.params.accountSid,
          from,
          to,
          body: text,
          statusCallback: statusCallback ?? null,
          authToken: authToken(request),
        })
        return reply.code(201).send(messageJson(message))
      })

      api.get('/Messages/:sid.json', async (request: AccountRequest, reply) => {
        const message = store.getMessage(request.params.sid ?? '')
        if (message?.accountSid !== request.params.accountSid) return notFound(request, reply)
        return messageJson(message)
      })
    },
    { prefix: `/${API_VERSION}/Accounts/:accountSid` },
  )

  // Recordings are fetched by media players that hold no credentials, as Twilio allows by default.
  app.get<{ Params: { accountSid: string; sid: string } }>(
    `/${API_VERSION}/Accounts/:accountSid/Recordings/:sid`,
    async (request, reply) => {
      const sid = request.params.sid.replace(/\.wav$/, '')
      if (!/^RE[0-9a-f]{32}$/.test(sid)) return notFound(request, reply)
      return reply.type('audio/x-wav').send(silentWav(1))
    },
  )
}
