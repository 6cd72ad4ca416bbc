import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'

/** Numbers that must never be called or texted: checked before every call and SMS. */
export const doNotContact = pgTable('do_not_contact', {
  id: serial('id').primaryKey(),
  organizationId: integer('organization_id').notNull().references(() => organization.id),
  phoneNumber: text('phone_number').notNull(),
  reason: text('reason').notNull().default(''),
  /** ivr (a dnc node), sms (STOP reply), api */
  source: text('source').notNull().default('api'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('do_not_contact_number').on(t.organizationId, t.phoneNumber)])
