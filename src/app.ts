import formbody from '@fastify/formbody'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Config } from './config.js'
import type { Database } from './db/client.js'
import type { AppDeps } from './deps.js'
import { registerDocs } from './plugins/docs.js'
import { registerErrorHandling } from './plugins/errors.js'
import { registerOperations } from './plugins/operations.js'
import { registerRestApi } from './routes/rest-api.js'
import { registerCrm } from './routes/crm/index.js'
import { adminRoutes } from './admin/routes.js'
import { createMailer } from './mail/mailer.js'
import { createJwtAuthScheme, loadJwtPublicKey } from './services/jwt-auth.js'
import { twilioWebhooks } from './routes/twilio/index.js'
import type { Simulator } from './simulator/simulator.js'
import { createAuthenticator } from './services/auth.js'
import { createLoginLimiter } from './services/login-limiter.js'
import { createMetrics } from './services/metrics.js'
import { createSchedulerMetrics } from './services/scheduler/metrics.js'
import { createProviderRegistry } from './telephony/registry.js'

export interface BuildAppOptions {
  config: Config
  database: Database
  logger: Logger
}

/** With JWT_PUBLIC_KEY: `Authorization: JWT <token>` and `Bearer <token>` (see services/jwt-auth.ts). */
function jwtSchemes(config: Config, db: Database['db']): AppDeps['authSchemes'] {
  if (!config.jwtPublicKey) return {}
  const scheme = createJwtAuthScheme({ db, publicKey: loadJwtPublicKey(config.jwtPublicKey) })
  return { jwt: scheme, bearer: scheme }
}

export function createDeps({ config, database, logger }: BuildAppOptions): AppDeps {
  const { db } = database
  const metrics = createMetrics()
  return {
    config,
    database,
    db,
    logger,
    auth: createAuthenticator({ db, limiter: createLoginLimiter(db), secretKey: config.secretKey }),
    authSchemes: jwtSchemes(config, db),
    metrics,
    scheduler: createSchedulerMetrics(metrics, db),
    mailer: createMailer({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, db }),
    telephony: createProviderRegistry({ config, logger }),
  }
}

/** The HTTP application: plugins for operations, docs, the REST API and webhooks. No listening here. */
/** `simulator`: mount a carrier simulator at /simulator (what `serve` and the end-to-end tests do). */
export async function buildApp(deps: AppDeps, options: { simulator?: Simulator } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    // `/rest-api/user/` and `/rest-api/user` are the same resource, as in Django REST framework.
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, useDefaults: true, allErrors: true, verbose: true } },
  })
  app.decorate('deps', deps)
  registerErrorHandling(app)
  await app.register(formbody)
  await registerDocs(app)
  registerOperations(app)
  await app.register(registerRestApi, { prefix: '/rest-api' })
  await app.register(registerCrm) // seed 000's CRM API sits at the root
  await app.register(twilioWebhooks, { prefix: '/twilio' })
  await app.register(adminRoutes, { prefix: '/admin' })
  if (options.simulator) await app.register(options.simulator.plugin, { prefix: '/simulator' })
  return app
}
