// Who may read and who may use configuration rows (voice and SMS gateways, recurrence rules). A row is either a system
// row — organization and user both null: the seeded simulator gateways and default rules — shared with every
// organization, or it belongs to one organization: user null = every manager of that organization, else that
// manager's own. Using a row (placing a call through a gateway, pointing a calendar setting at it, recurring by a rule)
// is allowed only within the organization it belongs to, whoever asks — an admin included — so one organization's
// carrier account never carries another's calls. Rows from before organizations were recorded on them are read by
// their owner's organization (the subquery below); ownerless ones among them stay system rows.
import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Tx } from '../db/client.js'
import { users, type Role } from '../db/schema/index.js'
import type { Principal } from './auth.js'

export interface SharedTable {
  organizationId: AnyPgColumn
  userId: AnyPgColumn
}

/** Who a row would be used for: the user whose call, setting or event it is. */
export interface RowUser {
  id: number
  role: Role
  organizationId: number
  managerId: number | null
}

const isSystem = (t: SharedTable) => and(isNull(t.organizationId), isNull(t.userId))

/** The row's organization: its own column, or (older rows) its owner's. */
const organizationOf = (t: SharedTable) =>
  sql`coalesce(${t.organizationId}, (select ${users.organizationId} from ${users} where ${users.id} = ${t.userId}))`

/** Rows `user` may use: system rows, and their organization's rows that are shared or theirs (any of it for admins). */
export function usableBy(t: SharedTable, user: RowUser): SQL {
  const owner = user.role === 'calendar_user' ? user.managerId ?? -1 : user.id
  const mine = user.role === 'admin' ? sql`true` : or(isNull(t.userId), eq(t.userId, owner))!
  return or(isSystem(t), and(sql`${organizationOf(t)} = ${user.organizationId}`, mine))!
}

/** Rows a principal sees: what they may use; admins (who administer every organization) see all. */
export function readableBy(t: SharedTable, principal: Principal): SQL | undefined {
  if (principal.role === 'admin') return undefined
  return usableBy(t, principal)
}

/** The user a row is used for, by id (a calendar setting's owner, an event's calendar user). */
export async function rowUser(db: Tx, id: number): Promise<RowUser | null> {
  const [row] = await db.select({ id: users.id, role: users.role, organizationId: users.organizationId, managerId: users.managerId })
    .from(users).where(eq(users.id, id))
  return row ?? null
}

/** The organization a new row belongs to: its owner's, or (no owner) the creating admin's. */
export async function organizationForNewRow(db: Tx, principal: Principal, ownerId: number | null): Promise<number> {
  if (ownerId === null || ownerId === principal.id) return principal.organizationId
  return (await rowUser(db, ownerId))?.organizationId ?? principal.organizationId
}

/**
 * Whether a row may carry `organizationId`'s traffic: a system row, or one of that organization's. Checked where a
 * gateway is finally used (dialling, sending), after who may use it was checked when it was chosen.
 */
export async function servesOrganization(
  db: Tx, row: { organizationId: number | null; userId: number | null }, organizationId: number,
): Promise<boolean> {
  if (row.organizationId !== null) return row.organizationId === organizationId
  if (row.userId === null) return true
  return (await rowUser(db, row.userId))?.organizationId === organizationId
}
