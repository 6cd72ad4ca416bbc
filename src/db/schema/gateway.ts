import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'
import { users } from './user.js'

export const GATEWAY_PROVIDERS = ['twilio', 'simulator'] as const
export type GatewayProvider = (typeof GATEWAY_PROVIDERS)[number]

export const DEFAULT_HELP_REPLY = 'Appointment reminders. Reply STOP to receive no more calls or texts from us, START to receive them again.'

/** Voice and SMS gateways have the same shape; only the sender's column name differs. */
export function gatewayColumns(senderColumn: 'caller_id' | 'from_number') {
  return {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    provider: text('provider', { enum: GATEWAY_PROVIDERS }).notNull(),
    accountSid: text('account_sid').notNull(),
    /** AES-256-GCM under SECRET_KEY (kit/secrets.ts); never returned by the API */
    authTokenEncrypted: text('auth_token_encrypted').notNull(),
    /** null = the provider's own API (api.twilio.com, or the simulator mounted at PUBLIC_URL/simulator) */
    baseUrl: text('base_url'),
    /** E.164 number calls or texts come from (Twilio `From`); '' = none */
    fromNumber: text(senderColumn).notNull().default(''),
    maxCps: integer('max_cps').notNull().default(1),
    /** 0 = unlimited */
    maxConcurrent: integer('max_concurrent').notNull().default(0),
    /** 1 active, 0 inactive */
    status: integer('status').notNull().default(1),
    /** null (with organization null) = a system row, usable by every organization; else that organization's (README) */
    organizationId: integer('organization_id').references(() => organization.id),
    /** null = shared with every manager of its organization (only admins edit those); else that manager's own */
    userId: integer('user_id').references(() => users.id),
    // Answers to texts arriving at this number (README "Consent and opt-out"). Twilio's own opt-out handling may
    // already confirm STOP and START, so Tocsin's own confirmations are off (null) unless set.
    /** sent after an opt-out keyword; null = none of our own */
    optOutReply: text('opt_out_reply'),
    /** sent after an opt-in keyword; null = none of our own */
    optInReply: text('opt_in_reply'),
    /** sent after HELP or INFO; null = none */
    helpReply: text('help_reply').default(DEFAULT_HELP_REPLY),
    createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
    updatedDate: timestamp('updated_date', { withTimezone: true }).notNull().defaultNow(),
  }
}

/** A voice gateway: a Twilio account or the built-in carrier simulator. */
export const gateway = pgTable('gateway', gatewayColumns('caller_id'), (t) => [index('gateway_user').on(t.userId), index('gateway_organization').on(t.organizationId)])

export type Gateway = typeof gateway.$inferSelect
