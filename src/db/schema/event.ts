import { index, integer, jsonb, pgTable, serial, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { calendar } from './calendar.js'
import { rule } from './rule.js'
import { users } from './user.js'

export const EVENT_STATUS = { pending: 1, completed: 2, paused: 3 } as const

/**
 * An event; a recurring one is a chain: the root (parent_event null) and one child per occurrence,
 * every child pointing at the root. Soft-deleted so that its alarm history stays readable.
 */
export const event = pgTable('event', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description'),
  start: timestamp('start', { withTimezone: true }).notNull(),
  end: timestamp('end', { withTimezone: true }).notNull(),
  /** IANA zone: naive times in requests are read in it, recurrence keeps its wall clock */
  timezone: text('timezone').notNull(),
  /** the calendar user who created it; their profile's calendar setting places the calls */
  creatorId: integer('creator_id').notNull().references(() => users.id),
  createdOn: timestamp('created_on', { withTimezone: true }).notNull().defaultNow(),
  endRecurringPeriod: timestamp('end_recurring_period', { withTimezone: true }),
  ruleId: integer('rule_id').references(() => rule.id),
  calendarId: integer('calendar_id').notNull().references(() => calendar.id),
  notifyCount: integer('notify_count').notNull().default(0),
  /** 1 pending, 2 completed, 3 paused */
  status: integer('status').notNull().default(1),
  data: jsonb('data'),
  /** the root of the chain (never an intermediate child) */
  parentEventId: integer('parent_event_id').references((): AnyPgColumn => event.id),
  occCount: integer('occ_count').notNull().default(0),
  updatedOn: timestamp('updated_on', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('event_calendar').on(t.calendarId),
  index('event_creator').on(t.creatorId),
  index('event_parent').on(t.parentEventId),
  index('event_start').on(t.start),
])

export type Event = typeof event.$inferSelect
