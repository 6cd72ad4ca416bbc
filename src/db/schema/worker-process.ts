import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

/**
 * The job worker processes alive now. Each holds a session advisory lock on its own row id for as
 * long as it lives, so a row whose lock can be taken belongs to a process that died (SIGKILL, lost
 * host): its graphile-worker jobs are unlocked at once instead of after graphile-worker's 4 h.
 */
export const workerProcess = pgTable('worker_process', {
  id: serial('id').primaryKey(),
  /** graphile-worker's pool id: what `locked_by` holds on the jobs this process runs */
  poolId: text('pool_id').notNull(),
  hostname: text('hostname').notNull().default(''),
  pid: integer('pid').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('worker_process_pool').on(t.poolId)])

export type WorkerProcess = typeof workerProcess.$inferSelect
