import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Failed logins per key (username and client address), kept in PostgreSQL so the limit holds across processes. */
export const loginFailure = pgTable('login_failure', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
})
