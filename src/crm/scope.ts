import { eq } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { organization, type Organization } from '../db/schema/index.js'
import { forbidden, invalidField } from '../errors.js'
import type { Principal } from '../accounts/auth.js'
import { isUuid } from '../kit/values.js'

/** The organization a CRM request works in, with the defaults the CRM needs from it. */
export interface CrmScope {
  principal: Principal
  organizationId: number
  organizationUuid: string
  name: string
  phone: string
  timezone: string
  defaultRegion: string
  language: string
  /** reminders_enabled for an appointment created without it */
  remindersByDefault: boolean
}

function scopeOf(principal: Principal, org: Organization): CrmScope {
  return {
    principal,
    organizationId: org.id,
    organizationUuid: org.uuid,
    name: org.name,
    phone: org.phone,
    timezone: org.timezone,
    defaultRegion: org.defaultRegion,
    language: org.language,
    remindersByDefault: org.remindersByDefault,
  }
}

/**
 * Lists and new objects belong to one organization: the caller's, or for an admin the one named
 * by `?organization=<uuid>`.
 */
export async function resolveScope(db: Db, principal: Principal, requested: string | undefined): Promise<CrmScope> {
  let where = eq(organization.id, principal.organizationId)
  if (requested !== undefined && requested !== '') {
    if (!isUuid(requested)) throw invalidField('organization', `"${requested}" is not a valid UUID`)
    if (requested.toLowerCase() !== principal.organizationUuid.toLowerCase()) {
      if (!isSuperuser(principal)) throw forbidden('Only admins may work in another organization')
      where = eq(organization.uuid, requested.toLowerCase())
    }
  }
  const [org] = await db.select().from(organization).where(where)
  if (!org) throw invalidField('organization', 'No organization with this UUID')
  return scopeOf(principal, org)
}

/** Admins are the original's superusers: they reach every organization's objects. */
export function isSuperuser(principal: Principal): boolean {
  return principal.role === 'admin'
}

export const NOT_SAME_ORGANIZATION = 'User is not in the same organization as the object.'

/**
 * The scope to act on an existing object of organization `organizationId` in, as the original's
 * object permissions decide: the caller's own organization; any, for a superuser; and for
 * appointments (and what hangs off them) the owner's, wherever the owner now works. Anyone else
 * gets 403, as there.
 */
export async function objectScope(tx: Tx, scope: CrmScope, organizationId: number, owner?: string): Promise<CrmScope> {
  if (organizationId === scope.organizationId) return scope
  const allowed = isSuperuser(scope.principal) || (owner !== undefined && owner === scope.principal.uuid)
  if (!allowed) throw forbidden(NOT_SAME_ORGANIZATION)
  const [org] = await tx.select().from(organization).where(eq(organization.id, organizationId))
  return scopeOf(scope.principal, org!)
}

/** The uuid of organization `id` (objects show their organization's uuid). */
export async function organizationUuidOf(tx: Tx, id: number): Promise<string> {
  const [org] = await tx.select({ uuid: organization.uuid }).from(organization).where(eq(organization.id, id))
  return org!.uuid
}
