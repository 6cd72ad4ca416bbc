import { integer, pgTable, timestamp } from 'drizzle-orm/pg-core'
import { gateway } from './gateway.js'

/**
 * The calls-per-second limit of a voice gateway, shared by every worker process: the earliest
 * instant the next call may be dialled (a token bucket of depth one, so no burst exceeds max_cps).
 */
export const gatewayThrottle = pgTable('gateway_throttle', {
  gatewayId: integer('gateway_id').primaryKey().references(() => gateway.id, { onDelete: 'cascade' }),
  nextAt: timestamp('next_at', { withTimezone: true }).notNull().defaultNow(),
})
