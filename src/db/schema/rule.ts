import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'
import { users } from './user.js'

/**
 * A recurrence rule. `params` (Newfies' `count:10;byweekday:0,1,2,3,4`) and `rrule` (RFC 5545) are
 * two canonical prints of the same parsed rule (recurrence/rule-params.ts), stored together.
 */
export const rule = pgTable('rule', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  frequency: text('frequency').notNull(),
  params: text('params').notNull().default(''),
  rrule: text('rrule').notNull(),
  /** null (with user null) = a system row, usable by every organization (the seeded defaults); else that organization's */
  organizationId: integer('organization_id').references(() => organization.id),
  /** null = shared with every manager of its organization (or, for system rows, everyone); only admins edit those */
  userId: integer('user_id').references(() => users.id),
  createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
  updatedDate: timestamp('updated_date', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('rule_user').on(t.userId), index('rule_organization').on(t.organizationId)])

export type Rule = typeof rule.$inferSelect
