import { organization } from '../../db/schema/index.js'
import type { Seeder } from '../../db/seeder.js'
import { defaultPlan } from './plans.js'

/** Every organization has its default reminder plan from the start (later ones get it on first use). */
export const seedReminderPlans: Seeder = async ({ db }) => {
  const orgs = await db.select({ id: organization.id }).from(organization)
  for (const org of orgs) await defaultPlan(db, org.id)
}
