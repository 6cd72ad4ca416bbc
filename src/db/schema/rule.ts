import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
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
  /** null = shared with every manager (the seeded defaults); only admins edit those */
  userId: integer('user_id').references(() => users.id),
  createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
  updatedDate: timestamp('updated_date', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('rule_user').on(t.userId)])

export type Rule = typeof rule.$inferSelect
