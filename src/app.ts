import formbody from '@fastify/formbody'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { systemClock, type Clock } from './kit/clock.js'
import type { Config } from './config.js'
import type { Database } from './db/client.js'
import type { AppDeps } from './deps.js'
import { registerDocs } from './plugins/docs.js'
import { frameworkErrors, MAX_PARAM_LENGTH, registerErrorHandling } from './plugins/errors.js'
import { registerInputGuard } from './plugins/input-guard.js'
import { registerOperations } from './plugins/operations.js'
import { registerRestApi } from './routes/rest-api.js'
import { registerCrm } from './routes/crm/index.js'
import { adminRoutes } from './admin/routes.js'
import { createOutboundPolicy } from './kit/outbound-url.js'
import { createMailer } from './mail/mailer.js'
import { createJwtAuthScheme, loadJwtPublicKey } from './accounts/jwt-auth.js'
import { twilioWebhooks } from './routes/twilio/index.js'
import type { Simulator } from './simulator/simulator.js'
import { createAuthenticator } from './accounts/auth.js'
import { createLoginLimiter } from './accounts/login-limiter.js'
import { createMetrics } from './kit/metrics.js'
import { createSchedulerMetrics } from './alarms/metrics.js'
import { createDialerOutcomes } from './alarms/settle/dialer-outcomes.js'
import { createRecurrenceRunner } from './recurrence/recurrence-runner.js'
import { createProviderRegistry } from './telephony/registry.js'
import { createSidWrites } from './dialer/sid-writes.js'
import { createProgressWrites } from './dialer/progress-writes.js'
import { createSharedTransactions } from './db/shared-transactions.js'
import { createCallRows } from './dialer/call-rows.js'
import { simulatorAccess } from './simulator-access.js'
import { createReminderHooks } from './crm/reminders/hooks.js'
import { markOptedIn, markOptedOut } from './crm/reminders/opt-out.js'
import { stopOptedOutAlarms } from './alarms/opt-out-alarms.js'
import type { ConsentHooks } from './dialer/consent-hooks.js'

export interface BuildAppOptions {
  config: Config
  database: Database
  logger: Logger
  /** the system clock unless given */
  clock?: Clock
}

/** With JWT_PUBLIC_KEY: `Authorization: JWT <token>` and `Bearer <token>` (see accounts/jwt-auth.ts). */
function jwtSchemes(config: Config, db: Database['db']): AppDeps['authSchemes'] {
  if (!config.jwtPublicKey) return {}
  const scheme = createJwtAuthScheme({ db, publicKey: loadJwtPublicKey(config.jwtPublicKey) })
  return { jwt: scheme, bearer: scheme }
}

export function createDeps({ config, database, logger, clock = systemClock }: BuildAppOptions): AppDeps {
  const { db } = database
  const metrics = createMetrics()
  const outbound = createOutboundPolicy({ allow: config.outboundUrlAllow, publicUrl: config.publicUrl })
  const scheduler = createSchedulerMetrics(metrics, db)
  // Alarms never import the CRM: this is where an appointment's reminders hear their alarms' answers and ends.
  const alarmHooks = createReminderHooks({ logger })
  // The dialer's do-not-contact list never imports what it stops: the number's waiting alarms, its appointments.
  const consentHooks: ConsentHooks = {
    optedOut: [
      async (tx, change) => void (await stopOptedOutAlarms(tx, { alarmHooks, logger }, change)),
      async (tx, change) => void (await markOptedOut(tx, change, change.at)),
    ],
    optedIn: [async (tx, change) => void (await markOptedIn(tx, change, change.at))],
  }
  return {
    config,
    database,
    db,
    logger,
    auth: createAuthenticator({ db, limiter: createLoginLimiter(db), secretKey: config.secretKey }),
    authSchemes: jwtSchemes(config, db),
    metrics,
    scheduler,
    mailer: createMailer({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, db }),
    telephony: createProviderRegistry({ config, logger, outbound }),
    callRows: createCallRows(),
    sidWrites: createSidWrites(db),
    progressWrites: createProgressWrites(db),
    callEnds: createSharedTransactions(db),
    outbound,
    recurrence: createRecurrenceRunner({ maxSteps: config.recurrenceMaxSteps }),
    // The dialer never imports alarms: this is where a call's end and its answers are connected to its alarm attempt.
    outcomes: createDialerOutcomes({ logger, scheduler, config, alarmHooks }),
    alarmHooks,
    consentHooks,
    clock,
  }
}

/** The HTTP application: plugins for operations, docs, the REST API and webhooks. No listening here. */
/**
 * `simulator`: mount a carrier simulator at /simulator (what `serve` and the end-to-end tests do), guarded by Tocsin's
 * logins and calling only Tocsin's own URLs (simulator-access.ts).
 */
export async function buildApp(deps: AppDeps, options: { simulator?: Simulator } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // X-Forwarded-* decide the client address (the login limiter's key) and the host of hyperlinks:
    // believed only from the configured proxies, never from anyone who sends them.
    trustProxy: deps.config.trustProxy.length > 0 ? [...deps.config.trustProxy] : false,
    // `/rest-api/user/` and `/rest-api/user` are the same resource, as in Django REST framework.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, useDefaults: true, allErrors: true, verbose: true } },
  })
  app.decorate('deps', deps)
  registerErrorHandling(app)
  registerInputGuard(app)
  await app.register(formbody)
  await registerDocs(app)
  registerOperations(app)
  await app.register(registerRestApi, { prefix: '/rest-api' })
  await app.register(registerCrm) // the CRM API sits at the root (README)
  await app.register(twilioWebhooks, { prefix: '/twilio' })
  await app.register(adminRoutes, { prefix: '/admin' })
  if (options.simulator) await app.register(options.simulator.plugin, { prefix: '/simulator', access: simulatorAccess(app) })
  return app
}
