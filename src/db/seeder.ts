import type { Logger } from 'pino'
import type { Config } from '../config.js'
import type { Db } from './client.js'

export interface SeedContext {
  db: Db
  config: Config
  logger: Logger
}

/**
 * A seeder inserts its defaults only when they are missing, so seeding can run at every start. Each area keeps its
 * own (accounts/seed.ts, surveys/seed.ts, calendar/seed.ts); src/seed.ts runs them in order.
 */
export type Seeder = (ctx: SeedContext) => Promise<void>
