import { eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { users } from '../db/schema/index.js'
import { forbidden, invalidField } from '../errors.js'
import { parseLink } from '../kit/links.js'
import type { Principal } from '../accounts/auth.js'

/**
 * The owner of new configuration (rules, gateways, calendar settings) from an optional `user`
 * hyperlink. A manager owns what they create (naming anyone else is a 400). An admin may name a
 * manager; without one, `whenAdminOmits` decides (null = shared with every manager of the admin's organization).
 */
export async function ownerFor(
  db: Tx, principal: Principal, value: unknown, whenAdminOmits: 'shared' | 'self',
): Promise<number | null> {
  if (principal.role === 'calendar_user') throw forbidden('Calendar users cannot create configuration')
  const given = value === undefined || value === null || value === '' ? undefined : parseLink('user', value, 'user')
  if (principal.role === 'manager') {
    if (given !== undefined && given !== principal.id) throw invalidField('user', 'a manager can only create their own')
    return principal.id
  }
  if (given === undefined) return whenAdminOmits === 'shared' ? null : principal.id
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, given))
  if (!row) throw invalidField('user', `user ${given} does not exist`)
  if (row.role === 'calendar_user') throw invalidField('user', 'must be a manager or an admin, not a calendar user')
  return given
}

/** Shared configuration (owner null) is edited by admins only; a manager edits their own. */
export function checkCanEdit(principal: Principal, ownerId: number | null, what: string): void {
  if (principal.role === 'admin') return
  if (principal.role === 'calendar_user') throw forbidden(`Calendar users cannot change ${what}`)
  if (ownerId === null) throw forbidden(`Only admins change shared ${what}`)
  if (ownerId !== principal.id) throw forbidden(`You cannot change this ${what}`)
}
