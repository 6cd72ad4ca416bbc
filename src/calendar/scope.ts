import { eq, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { calendarUserProfile } from '../db/schema/index.js'
import { forbidden } from '../errors.js'
import type { Principal } from '../accounts/auth.js'

/**
 * Who sees what in the calendar API. Admins see everything; a manager sees their own calendar
 * users and everything hanging off them; a calendar user sees only their own. Rows outside the
 * caller's scope do not exist for them (404), never 403, so ids do not leak.
 */

/** Condition on a column holding a calendar user's id; undefined = no restriction (admin). */
export function calendarUserScope(principal: Principal, column: AnyPgColumn): SQL | undefined {
  if (principal.role === 'admin') return undefined
  if (principal.role === 'calendar_user') return eq(column, principal.id)
  return sql`${column} in (select ${calendarUserProfile.userId} from ${calendarUserProfile} where ${calendarUserProfile.managerId} = ${principal.id})`
}

/** Condition on the owner column of a manager's own configuration (calendar settings). */
export function ownedBy(principal: Principal, column: AnyPgColumn): SQL | undefined {
  if (principal.role === 'admin') return undefined
  if (principal.role === 'calendar_user') return sql`false`
  return eq(column, principal.id)
}

/** The manager whose configuration a principal works with: themselves, or a calendar user's manager. */
export function managerOf(principal: Principal): number {
  return principal.role === 'calendar_user' ? principal.managerId ?? -1 : principal.id
}

/** Calendar users read their calendars, events and alarms, and edit those; configuration is for managers. */
export function requireManager(principal: Principal, what: string): void {
  if (principal.role === 'calendar_user') throw forbidden(`Calendar users cannot change ${what}`)
}
