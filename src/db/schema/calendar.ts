import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { users } from './user.js'

/** A calendar user's calendar. Soft-deleted so that the alarm history under it stays readable. */
export const calendar = pgTable('calendar', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** the calendar user who owns it */
  userId: integer('user_id').notNull().references(() => users.id),
  /** calls of this calendar in progress at once; 0 = unlimited */
  maxConcurrent: integer('max_concurrent').notNull().default(0),
  createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [index('calendar_user').on(t.userId)])

export type Calendar = typeof calendar.$inferSelect
