import type { Logger } from 'pino'
import type { Config } from './config.js'
import type { Database, Db } from './db/client.js'
import type { OutboundPolicy } from './kit/outbound-url.js'
import type { Mailer } from './mail/mailer.js'
import type { AuthScheme } from './plugins/authenticate.js'
import type { Authenticator } from './services/auth.js'
import type { Metrics } from './services/metrics.js'
import type { RecurrenceRunner } from './services/recurrence-runner.js'
import type { SchedulerMetrics } from './services/scheduler/metrics.js'
import type { ProviderRegistry } from './telephony/registry.js'

/** What routes and jobs need from the running process; built once by createDeps. */
export interface AppDeps {
  config: Config
  database: Database
  db: Db
  logger: Logger
  auth: Authenticator
  /** extra Authorization schemes by lower-case name, e.g. `jwt`, `bearer` */
  authSchemes: Record<string, AuthScheme>
  metrics: Metrics
  /** the alarm scheduler's metrics (registered in `metrics`) */
  scheduler: SchedulerMetrics
  /** e-mail: SMTP when SMTP_URL is set, else the email_message outbox */
  mailer: Mailer
  /** telephony provider clients per gateway */
  telephony: ProviderRegistry
  /** what outbound URLs (gateway base URLs, result webhooks) may reach (kit/outbound-url.ts) */
  outbound: OutboundPolicy
  /** occurrences of recurring events, computed on a worker thread */
  recurrence: RecurrenceRunner
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps
  }
}
