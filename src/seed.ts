import { eq, sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { Config } from './config.js'
import type { Database, Db } from './db/client.js'
import { organization, users } from './db/schema/index.js'
import { hashPassword } from './accounts/passwords.js'
import { seedBuiltinSurveys } from './surveys/seed.js'
import { seedGateways, seedRules } from './calendar/seed.js'

export interface SeedContext {
  db: Db
  config: Config
  logger: Logger
}

/** A seeder inserts its defaults only when they are missing, so seeding can run at every start. */
export type Seeder = (ctx: SeedContext) => Promise<void>

/**
 * The first organization, the superuser `admin` (user 1) and a manager `manager` (user 2, the user
 * seed 004's workflow refers to). Passwords: ADMIN_PASSWORD, else the username, with a warning.
 */
export const seedAccounts: Seeder = async ({ db, config, logger }) => {
  let [org] = await db.select().from(organization).orderBy(organization.id).limit(1)
  if (!org) [org] = await db.insert(organization).values({ name: 'Default organization' }).returning()
  for (const [username, role] of [['admin', 'admin'], ['manager', 'manager']] as const) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, username))
    if (existing) continue
    await db.insert(users).values({
      username,
      role,
      organizationId: org!.id,
      passwordHash: await hashPassword(config.adminPassword ?? username),
    })
    if (!config.adminPassword) {
      logger.warn(`DEFAULT PASSWORD: user "${username}" has the password "${username}". Set ADMIN_PASSWORD or change it now.`)
    }
  }
}

/** Later features append their seeders (surveys, gateways, rules) to this list; order matters. */
export const SEEDERS: Seeder[] = [seedAccounts, seedBuiltinSurveys, seedGateways, seedRules]

const SEED_LOCK = 7_460_002

export async function seedDatabase(database: Database, config: Config, logger: Logger, seeders = SEEDERS): Promise<void> {
  // Serialised across processes starting together; each seeder checks what already exists.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`)
    for (const seeder of seeders) await seeder({ db: tx as unknown as Db, config, logger })
  })
}
