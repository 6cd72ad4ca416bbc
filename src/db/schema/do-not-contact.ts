import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'

/** Where a consent change came from (README "Consent and opt-out"). */
export const CONSENT_SOURCE = {
  /** a STOP / START text from the number */
  sms: 'sms',
  /** a keypress in a call (the built-in reminder survey's 9, or a survey's opt-out node) */
  ivr: 'ivr',
  /** the admin pages */
  admin: 'admin',
  /** the REST API */
  api: 'api',
  /** the carrier refused to text the number because its owner opted out there (Twilio error 21610) */
  carrier: 'carrier',
} as const
export type ConsentSource = (typeof CONSENT_SOURCE)[keyof typeof CONSENT_SOURCE]
export const CONSENT_SOURCES = Object.values(CONSENT_SOURCE)

export const CONSENT_ACTION = {
  /** the number went on the do-not-contact list */
  optOut: 'opt-out',
  /** the number came off it */
  optIn: 'opt-in',
} as const
export type ConsentAction = (typeof CONSENT_ACTION)[keyof typeof CONSENT_ACTION]

/** Numbers that must never be called, texted or e-mailed: checked before every call and SMS. */
export const doNotContact = pgTable('do_not_contact', {
  id: serial('id').primaryKey(),
  organizationId: integer('organization_id').notNull().references(() => organization.id),
  phoneNumber: text('phone_number').notNull(),
  reason: text('reason').notNull().default(''),
  /** CONSENT_SOURCE */
  source: text('source').$type<ConsentSource>().notNull().default('api'),
  /** the word that opted the number out (STOP, REVOKE…), when it was a text */
  keyword: text('keyword'),
  /** the inbound sms_message that opted it out */
  messageId: integer('message_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('do_not_contact_number').on(t.organizationId, t.phoneNumber)])

/** Every change of a number's consent, never deleted: the history the do-not-contact API shows with each entry. */
export const consentLog = pgTable('consent_log', {
  id: serial('id').primaryKey(),
  organizationId: integer('organization_id').notNull().references(() => organization.id),
  phoneNumber: text('phone_number').notNull(),
  /** CONSENT_ACTION */
  action: text('action').$type<ConsentAction>().notNull(),
  /** CONSENT_SOURCE */
  source: text('source').$type<ConsentSource>().notNull(),
  keyword: text('keyword'),
  /** the inbound sms_message behind it, when it was a text */
  messageId: integer('message_id'),
  /** the user behind it, when it came through the API or the admin pages */
  userId: integer('user_id'),
  reason: text('reason').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('consent_log_number').on(t.organizationId, t.phoneNumber)])

export type DoNotContact = typeof doNotContact.$inferSelect
export type ConsentLogEntry = typeof consentLog.$inferSelect
