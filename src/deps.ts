import type { Logger } from 'pino'
import type { Clock } from './kit/clock.js'
import type { Config } from './config.js'
import type { Database, Db } from './db/client.js'
import type { OutboundPolicy } from './kit/outbound-url.js'
import type { Mailer } from './mail/mailer.js'
import type { Authenticator, AuthScheme } from './accounts/auth.js'
import type { Metrics } from './kit/metrics.js'
import type { SchedulerMetrics } from './alarms/metrics.js'
import type { DialerOutcomes } from './dialer/outcomes.js'
import type { ConsentHooks } from './dialer/consent-hooks.js'
import type { CallRows } from './dialer/call-rows.js'
import type { SidWrites } from './dialer/sid-writes.js'
import type { ProgressWrites } from './dialer/progress-writes.js'
import type { SharedTransactions } from './db/shared-transactions.js'
import type { RecurrenceRunner } from './recurrence/recurrence-runner.js'
import type { AlarmHooks } from './alarms/hooks.js'
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
  /** the calls this process dialled or served last, so that their next callback needs no read (dialer/call-rows.ts) */
  callRows: CallRows
  /** the carrier's SIDs of placed calls, written together when calls are placed faster than one at a time */
  sidWrites: SidWrites
  /** the calls' progress reports (ringing, in progress), written together when they come faster than one at a time */
  progressWrites: ProgressWrites
  /** the transactions that end calls on their final status, shared when calls end faster than one at a time */
  callEnds: SharedTransactions
  /** what outbound URLs (gateway base URLs, result webhooks) may reach (kit/outbound-url.ts) */
  outbound: OutboundPolicy
  /** occurrences of recurring events, computed on a worker thread */
  recurrence: RecurrenceRunner
  /** who hears that a call or a text ended (the alarms layer settles its attempts) */
  outcomes: DialerOutcomes
  /** who hears about alarm answers and ends, and may hold an attempt back (the CRM's reminders) */
  alarmHooks: AlarmHooks
  /** who hears that a number opted out (the alarms stop, the CRM's appointments become opted_out) */
  consentHooks: ConsentHooks
  /** the time the scheduler decides by (src/kit/clock.ts) */
  clock: Clock
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps
  }
}
