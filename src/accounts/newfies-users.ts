import { and, count, eq, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { users, type User } from '../db/schema/index.js'
import { notFound } from '../errors.js'
import type { Principal } from './auth.js'

// Newfies-Dialer's read-only `/rest-api/users/`. Newfies listed every user of the installation; here an admin (an
// installation-wide role) sees that, anyone else the users of their own organization.
function visible(principal: Principal): SQL | undefined {
  return principal.role === 'admin' ? undefined : eq(users.organizationId, principal.organizationId)
}

export async function listNewfiesUsers(db: Db, principal: Principal, limit: number, offset: number): Promise<{ count: number; rows: User[] }> {
  const where = visible(principal)
  const [total] = await db.select({ n: count() }).from(users).where(where)
  const rows = await db.select().from(users).where(where).orderBy(users.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getNewfiesUser(db: Db, principal: Principal, id: number): Promise<User> {
  const [row] = await db.select().from(users).where(and(eq(users.id, id), visible(principal)))
  if (!row) throw notFound('User')
  return row
}
