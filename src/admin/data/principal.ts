import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { organization, users } from '../../db/schema/index.js'

/** The user a session names, with the organization's zone and region the pages need; undefined when there is none. */
export async function loadAdminPrincipal(db: Db, userId: number) {
  const [row] = await db.select({
    id: users.id, uuid: users.uuid, username: users.username, role: users.role, organizationId: users.organizationId,
    organizationUuid: organization.uuid, managerId: users.managerId, isActive: users.isActive, passwordHash: users.passwordHash,
    timezone: organization.timezone, defaultRegion: organization.defaultRegion,
  }).from(users).innerJoin(organization, eq(organization.id, users.organizationId)).where(eq(users.id, userId))
  return row
}
