import { eq } from 'drizzle-orm'
import { organization, users } from '../db/schema/index.js'
import type { Seeder } from '../db/seeder.js'
import { hashPassword } from './passwords.js'

/**
 * The first organization, the superuser `admin` (user 1) and a manager `manager` (user 2, the user
 * the README's calendar walkthrough refers to). Passwords: ADMIN_PASSWORD, else the username, with a warning.
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
