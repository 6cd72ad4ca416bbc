import { sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import { seedAccounts } from './accounts/seed.js'
import { seedGateways, seedRules } from './calendar/seed.js'
import type { Config } from './config.js'
import type { Database, Db } from './db/client.js'
import type { Seeder } from './db/seeder.js'
import { seedBuiltinSurveys } from './surveys/seed.js'
import { seedReminderPlans } from './crm/reminders/seed.js'

export type { SeedContext, Seeder } from './db/seeder.js'

/** Every area's seeder, in order (a later one may rely on an earlier one's rows). */
export const SEEDERS: Seeder[] = [seedAccounts, seedBuiltinSurveys, seedGateways, seedRules, seedReminderPlans]

const SEED_LOCK = 7_460_002

export async function seedDatabase(database: Database, config: Config, logger: Logger, seeders = SEEDERS): Promise<void> {
  // Serialised across processes starting together; each seeder checks what already exists.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`)
    for (const seeder of seeders) await seeder({ db: tx as unknown as Db, config, logger })
  })
}
