import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { organization } from '../db/schema/index.js'
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
}

/**
 * Every CRM list and object belongs to one organization: the caller's, or for an admin the one
 * named by `?organization=<uuid>`. Other organizations' objects are simply not found.
 */
export async function resolveScope(db: Db, principal: Principal, requested: string | undefined): Promise<CrmScope> {
  let where = eq(organization.id, principal.organizationId)
  if (requested !== undefined && requested !== '') {
    if (!isUuid(requested)) throw invalidField('organization', `"${requested}" is not a valid UUID`)
    if (requested.toLowerCase() !== principal.organizationUuid.toLowerCase()) {
      if (principal.role !== 'admin') throw forbidden('Only admins may work in another organization')
      where = eq(organization.uuid, requested.toLowerCase())
    }
  }
  const [org] = await db.select().from(organization).where(where)
  if (!org) throw invalidField('organization', 'No organization with this UUID')
  return {
    principal,
    organizationId: org.id,
    organizationUuid: org.uuid,
    name: org.name,
    phone: org.phone,
    timezone: org.timezone,
    defaultRegion: org.defaultRegion,
  }
}
