import formbody from '@fastify/formbody'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { createCallRunner } from './call-runner.js'
import { parseCalleeScript } from './callee-script.js'
import { createChaos, type ChaosSettings } from './chaos.js'
import { chaosFrom } from './chaos-routes.js'
import { createPacer } from './pacer.js'
import { registerControlApi } from './control-routes.js'
import { registerLineApi } from './line-routes.js'
import { createPhoneLines } from './phone-lines.js'
import { createSmsRunner } from './sms-runner.js'
import { createSimulatorStore, type NumberAccount } from './store.js'
import { registerTwilioApi } from './twilio-api-routes.js'
import { useStrictValidation } from './strict-validation.js'
import type { CalleeScript, RestFault, SimCall, SimLimits, SimMessage, SimRefusal } from './types.js'
import { createWebhookSender } from './webhook-sender.js'

export interface SimulatorOptions {
  logger: Logger
  /** Multiplies every simulated ring, talk and pause delay; tests use ~0.01, 0 runs flat out. */
  timeScale?: number
  /** Checks REST credentials; without it any AccountSid/token pair is accepted (and signs the webhooks). */
  verifyAuth?: (accountSid: string, authToken: string) => Promise<boolean> | boolean
  /** Calls and messages kept for the observability endpoints. */
  maxRecords?: number
  /** Twilio gives a webhook 15 s to answer. */
  webhookTimeoutMs?: number
  /** The account's queues; default Twilio's (1 call per second, ~1 text segment per second per sender). */
  limits?: Partial<SimLimits>
  /** Where texts to the account's numbers are posted (each Twilio number's "a message comes in" webhook). */
  smsUrl?: string
  /** Which account owns a number not yet seen calling or texting (its auth token signs texts to it). */
  numberOwner?: (number: string) => Promise<NumberAccount | null>
}

/** In-process access for tests and the CLI; the same data the HTTP endpoints show. */
export interface SimulatorState {
  calls(filter?: { to?: string }): SimCall[]
  call(sid: string): SimCall | undefined
  messages(filter?: { to?: string }): SimMessage[]
  message(sid: string): SimMessage | undefined
  /** Partial scripts are completed with the defaults, as over HTTP. */
  setNumber(number: string, script: Partial<CalleeScript>): CalleeScript
  getNumber(number: string): CalleeScript | undefined
  resetNumbers(): void
  setFault(fault: RestFault | null): void
  activeCalls(): number
  /** Resolves once the call has ended and its final status callback has been delivered. */
  callSettled(sid: string): Promise<void>
  /** Disorder, as PUT /chaos sets it (fields not given are calm); null turns it off. */
  setChaos(settings: Partial<ChaosSettings> | null): ChaosSettings | null
  setLimits(limits: Partial<SimLimits>): SimLimits
  /** Creates refused with a scripted error code, oldest first. */
  refusals(): SimRefusal[]
}

/** Which of these call or message SIDs the request may see. */
export type SidFilter = (kind: 'call' | 'message', sids: string[]) => Promise<Set<string>>

/**
 * How an application that mounts the simulator guards it (Tocsin's `serve`: telephony/simulator-access.ts). The
 * carrier API itself is always guarded by account credentials, as Twilio's is. Without this (the standalone
 * `tocsin simulator`, a development tool on loopback) the simulator's own API is open and it calls any URL.
 */
export interface SimulatorAccess {
  /** Throws unless the request may change the simulator or act as a callee: scripts, faults, key presses, a line's events. */
  control(request: FastifyRequest): Promise<void>
  /** Throws unless the request may read calls and messages; resolves to the filter of those it may see. */
  inspect(request: FastifyRequest): Promise<SidFilter>
  /** Whether the simulator may request this URL (voice URLs, callbacks, TwiML actions and redirects). */
  allowUrl(url: string): boolean
}

export interface SimulatorPluginOptions {
  access?: SimulatorAccess
}

export interface Simulator {
  /** Mount with `app.register(sim.plugin, { prefix: '/simulator', access })`; the app's close stops the simulator. */
  plugin: FastifyPluginAsync<SimulatorPluginOptions>
  state: SimulatorState
  /** Stops every timer and in-flight webhook; no further callbacks are sent. */
  close(): Promise<void>
}

export function createSimulator(options: SimulatorOptions): Simulator {
  const logger = options.logger.child({ component: 'simulator' })
  const timeScale = options.timeScale ?? 1
  const store = createSimulatorStore({ maxRecords: options.maxRecords ?? 10_000, ...(options.limits && { limits: options.limits }) })
  const chaos = createChaos()
  const pacer = createPacer(timeScale)
  const webhooks = createWebhookSender({ logger, timeoutMs: options.webhookTimeoutMs ?? 15_000 })
  const sms = createSmsRunner({
    store, sendWebhook: webhooks.send, logger, timeScale, chaos, pacer, segmentsPerSecond: () => store.limits().sms_segments_per_second,
  })
  const lines = createPhoneLines()
  const calls = createCallRunner({
    store, sms, sendWebhook: webhooks.send, logger, timeScale, lines, pacer, callsPerSecond: () => store.limits().calls_per_second,
  })
  let closing: Promise<void> | null = null

  const close = (): Promise<void> => {
    // Refuse new webhooks first, so nothing the runners were about to send goes out.
    lines.close()
    closing ??= Promise.all([webhooks.close(), calls.close(), sms.close()]).then(() => undefined)
    return closing
  }

  const plugin: FastifyPluginAsync<SimulatorPluginOptions> = async (app, { access }) => {
    // Twilio posts form bodies; the host app may already parse them.
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody)
    app.addHook('onClose', close)
    // Held event polls must be answered before the HTTP server can finish closing.
    app.addHook('preClose', async () => lines.close())
    useStrictValidation(app)
    if (access) webhooks.restrict(access.allowUrl)
    await registerTwilioApi(app, { store, calls, sms, chaos, verifyAuth: options.verifyAuth, mountPrefix: app.prefix, allowUrl: access?.allowUrl })
    await registerControlApi(app, {
      store, chaos, access, incoming: { sendWebhook: webhooks.send, smsUrl: options.smsUrl, numberOwner: options.numberOwner },
    })
    await registerLineApi(app, { store, lines, access })
  }

  const state: SimulatorState = {
    calls: (filter) => store.listCalls(filter),
    call: (sid) => store.getCall(sid),
    messages: (filter) => store.listMessages(filter),
    message: (sid) => store.getMessage(sid),
    setNumber(number, script) {
      const parsed = parseCalleeScript(script)
      if (!parsed.ok) throw new Error(`invalid callee script: ${JSON.stringify(parsed.fields)}`)
      store.setScript(number, parsed.script)
      return parsed.script
    },
    getNumber: (number) => store.getScript(number),
    resetNumbers: () => store.resetScripts(),
    setFault: (fault) => store.setFault(fault),
    activeCalls: () => calls.activeCalls(),
    callSettled: (sid) => calls.settled(sid),
    setChaos(settings) {
      chaos.set(settings && chaosFrom(settings))
      return chaos.settings()
    },
    refusals: () => store.listRefusals(),
    setLimits(limits) {
      store.setLimits({ ...store.limits(), ...limits })
      return store.limits()
    },
  }

  return { plugin, state, close }
}
