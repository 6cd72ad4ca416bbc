import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'
import { smsGateway } from './sms-gateway.js'

/** What an inbound text was read as (dialer/inbound-sms.ts); a matched reply also names its alarm_request_id. */
export const INBOUND_MATCH = {
  optOut: 'opt-out',
  optIn: 'opt-in',
  help: 'help',
  /** a reminder answer (1/2/3, C/R) applied to the latest outstanding reminder for the number */
  reply: 'reply',
  /** a reminder answer with no outstanding reminder to apply it to */
  unmatched: 'unmatched',
  /** anything else: stored and shown, nothing done */
  other: 'other',
} as const
export type InboundMatch = (typeof INBOUND_MATCH)[keyof typeof INBOUND_MATCH]

/** Every text sent or received, with the provider's delivery status. */
export const smsMessage = pgTable('sms_message', {
  id: serial('id').primaryKey(),
  organizationId: integer('organization_id').notNull().references(() => organization.id),
  smsGatewayId: integer('sms_gateway_id').references(() => smsGateway.id),
  /** the call whose IVR asked for it, or the alarm it serves */
  callId: integer('call_id'),
  alarmRequestId: integer('alarm_request_id'),
  direction: text('direction', { enum: ['outbound', 'inbound'] }).notNull().default('outbound'),
  fromNumber: text('from_number').notNull(),
  toNumber: text('to_number').notNull(),
  body: text('body').notNull(),
  /** queued, sending, sent, delivered, undelivered, failed, received, blocked (do-not-contact) */
  status: text('status').notNull().default('queued'),
  providerSid: text('provider_sid').unique(),
  errorCode: text('error_code'),
  /**
   * when the text stops being useful (an alarm's event starts): the carrier is told to drop it if still queued then
   * (ValidityPeriod), and it is not sent at all after; null = no limit beyond the carrier's own
   */
  validUntil: timestamp('valid_until', { withTimezone: true }),
  error: text('error'),
  /** an inbound text: what it was read as (INBOUND_MATCH); null for outbound ones */
  matched: text('matched').$type<InboundMatch>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sms_message_org').on(t.organizationId)])

export type SmsMessage = typeof smsMessage.$inferSelect
