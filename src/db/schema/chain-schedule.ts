import { index, integer, pgTable, timestamp } from 'drizzle-orm/pg-core'
import { event } from './event.js'

/**
 * The next run of a recurring chain's `extend-chain` job when it lies beyond the scheduler's horizon (as
 * alarm_schedule does for attempts): one row per root event, moved into graphile-worker as the keyed `chain:<root>`
 * job once due_at comes within the horizon, so that thousands of series do not each keep a future job in its table.
 */
export const chainSchedule = pgTable('chain_schedule', {
  rootId: integer('root_id').primaryKey().references(() => event.id, { onDelete: 'cascade' }),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
}, (t) => [index('chain_schedule_due').on(t.dueAt)])
