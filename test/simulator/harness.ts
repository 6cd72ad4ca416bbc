import formbody from '@fastify/formbody'
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import pino from 'pino'
import twilio from 'twilio'
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/simulator.js'

export const ACCOUNT_SID = 'AC' + '0'.repeat(31) + '1'
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef'
export const FROM = '+15550001000'

export const silentLogger = pino({ level: 'silent' })

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface ReceivedRequest {
  path: string
  /** The full URL as requested, i.e. what the signature covers. */
  url: string
  method: string
  params: Record<string, string>
  signature: string | undefined
  validSignature: boolean
}

type Handler = (params: Record<string, string>) => string | { status: number; body: string }

/**
 * The customer's side of Twilio: a web app that serves TwiML and takes callbacks. It checks every
 * request's X-Twilio-Signature exactly as Tocsin will (twilio.validateRequest) and records it.
 */
export interface TwimlApp {
  url: string
  requests: ReceivedRequest[]
  /** Serve `handler` at `path`; status callbacks and unknown paths answer 204. */
  route(path: string, handler: Handler | string): void
  received(path: string, callSid?: string): ReceivedRequest[]
  waitFor(path: string, predicate?: (r: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>
}

export async function startTwimlApp(t: Teardown): Promise<TwimlApp> {
  const app = Fastify()
  await app.register(formbody)
  const handlers = new Map<string, Handler>()
  const requests: ReceivedRequest[] = []
  let url = ''

  app.route({
    method: ['GET', 'POST'],
    url: '/*',
    handler: async (request, reply) => {
      const path = request.url.split('?')[0] ?? ''
      const body = (request.body ?? {}) as Record<string, string>
      const query = request.query as Record<string, string>
      const signature = request.headers['x-twilio-signature']
      const validSignature =
        typeof signature === 'string' &&
        twilio.validateRequest(AUTH_TOKEN, signature, url + request.url, request.method === 'GET' ? {} : body)
      const params = request.method === 'GET' ? { ...query } : { ...body }
      requests.push({
        path,
        url: url + request.url,
        method: request.method,
        params,
        signature: typeof signature === 'string' ? signature : undefined,
        validSignature,
      })
      if (!validSignature) return reply.code(403).send('bad signature')
      const handler = handlers.get(path)
      if (handler === undefined) return reply.code(204).send()
      const answer = handler(params)
      const { status, body: xml } = typeof answer === 'string' ? { status: 200, body: answer } : answer
      return reply.code(status).type('text/xml').send(xml)
    },
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  t.teardown(() => app.close())

  const received = (path: string, callSid?: string) =>
    requests.filter((r) => r.path === path && (callSid === undefined || r.params.CallSid === callSid))

  return {
    url,
    requests,
    route: (path, handler) => handlers.set(path, typeof handler === 'string' ? () => handler : handler),
    received,
    waitFor: async (path, predicate = () => true, timeoutMs = 5000) =>
      waitUntil(() => received(path).find(predicate), timeoutMs, `a request to ${path}`),
  }
}

export async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== null && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

export interface SimulatorHarness {
  /** Base URL of the simulated Twilio, mounted at /simulator as in `tocsin serve`. */
  base: string
  sim: Simulator
  api: TwilioRestClient
  /** Waits until the call has ended and sent its last callback, then reads it over HTTP. */
  waitForCallEnd(sid: string): Promise<CallView>
}

export async function startSimulator(t: Teardown, options: Partial<SimulatorOptions> = {}): Promise<SimulatorHarness> {
  const sim = createSimulator({ logger: silentLogger, timeScale: 0.01, ...options })
  const app = Fastify()
  await app.register(formbody)
  await app.register(sim.plugin, { prefix: '/simulator' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/simulator`
  return {
    base,
    sim,
    api: restClient(base),
    waitForCallEnd: async (sid) => {
      const timeout = sleep(5000, undefined, { ref: false }).then(() => Promise.reject(new Error(`call ${sid} did not end within 5 s`)))
      await Promise.race([sim.state.callSettled(sid), timeout])
      return getJson<CallView>(`${base}/calls/${sid}`)
    },
  }
}

export interface CallView {
  sid: string
  status: string
  answered_by: string | null
  duration: number | null
  end_time: string | null
  status_history: Array<{ status: string; at: string }>
  transcript: Array<{ kind: string; text?: string; digits?: string; url?: string; number?: string; seconds?: number }>
  webhooks: Array<{ kind: string; method: string; url: string; response_code: number | null; error?: string }>
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`)
  return (await response.json()) as T
}

export async function sendJson(method: 'PUT' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, json: text === '' ? null : JSON.parse(text) }
}

type Form = Record<string, string | string[]>

export interface TwilioRestClient {
  createCall(form: Form, auth?: { sid: string; token: string }): Promise<{ status: number; json: any }>
  fetchCall(sid: string): Promise<{ status: number; json: any }>
  updateCall(sid: string, form: Form): Promise<{ status: number; json: any }>
  createMessage(form: Form): Promise<{ status: number; json: any }>
  fetchMessage(sid: string): Promise<{ status: number; json: any }>
}

/** Plain HTTP against the simulated REST API, the way any Twilio client would call it. */
export function restClient(base: string): TwilioRestClient {
  const request = async (method: 'GET' | 'POST', path: string, form?: Form, auth = { sid: ACCOUNT_SID, token: AUTH_TOKEN }) => {
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(form ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
    }
    const response = await fetch(`${base}/2010-04-01/Accounts/${auth.sid}${path}`, {
      method,
      headers: {
        authorization: 'Basic ' + Buffer.from(`${auth.sid}:${auth.token}`).toString('base64'),
        ...(method === 'POST' && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(method === 'POST' && { body: body.toString() }),
    })
    return { status: response.status, json: (await response.json()) as any }
  }
  return {
    createCall: (form, auth) => request('POST', '/Calls.json', form, auth),
    fetchCall: (sid) => request('GET', `/Calls/${sid}.json`),
    updateCall: (sid, form) => request('POST', `/Calls/${sid}.json`, form),
    createMessage: (form) => request('POST', '/Messages.json', form),
    fetchMessage: (sid) => request('GET', `/Messages/${sid}.json`),
  }
}

export const ALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed']

/** A create-call form pointing at the test app, with every progress event requested. */
export function callForm(app: TwimlApp, to: string, extra: Form = {}): Form {
  return {
    To: to,
    From: FROM,
    Url: `${app.url}/voice`,
    StatusCallback: `${app.url}/status`,
    StatusCallbackEvent: ALL_EVENTS,
    ...extra,
  }
}
