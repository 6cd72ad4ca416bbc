import { eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { organization, users } from '../db/schema/index.js'

export interface OrganizationDefaults {
  timezone: string
  defaultRegion: string
}

/** The time zone and phone region of a user's organization: defaults for their profiles, events and numbers. */
export async function organizationDefaultsOf(db: Tx, userId: number): Promise<OrganizationDefaults> {
  const [row] = await db.select({ timezone: organization.timezone, defaultRegion: organization.defaultRegion })
    .from(users).innerJoin(organization, eq(organization.id, users.organizationId)).where(eq(users.id, userId))
  return row ?? { timezone: 'UTC', defaultRegion: 'US' }
}
