import { and, asc, eq, or, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { contactType, type ContactType } from '../db/schema/index.js'
import { forbidden, invalidField, notFound } from '../errors.js'
import { isSuperuser, NOT_SAME_ORGANIZATION, type CrmScope } from './scope.js'
import { hasChanges } from '../kit/changes.js'
import { isUuid } from '../kit/values.js'

export interface ContactTypeWrite {
  name?: string
  is_global?: boolean
}

/** What a caller sees: its organization's types and every global one (a superuser: all). */
function visible(scope: CrmScope): SQL | undefined {
  if (isSuperuser(scope.principal)) return undefined
  return or(eq(contactType.organizationId, scope.organizationId), eq(contactType.isGlobal, true))
}

export async function listContactTypes(db: Db, scope: CrmScope, onlyGlobal: boolean): Promise<ContactType[]> {
  const where = onlyGlobal
    ? eq(contactType.isGlobal, true)
    : or(eq(contactType.organizationId, scope.organizationId), eq(contactType.isGlobal, true))
  return db.select().from(contactType).where(where).orderBy(asc(contactType.createdAt), asc(contactType.uuid))
}

/** A visible type (else 404); changing or reading another organization's global one is 403, as in the original. */
async function accessible(tx: Tx, scope: CrmScope, uuid: string, lock = false): Promise<ContactType> {
  if (!isUuid(uuid)) throw notFound('Contact type')
  const query = tx.select().from(contactType).where(and(eq(contactType.uuid, uuid.toLowerCase()), visible(scope)))
  const [row] = lock ? await query.for('update') : await query
  if (!row) throw notFound('Contact type')
  if (row.organizationId !== scope.organizationId && !isSuperuser(scope.principal)) throw forbidden(NOT_SAME_ORGANIZATION)
  return row
}

export const getContactType = (db: Db, scope: CrmScope, uuid: string) => accessible(db, scope, uuid)

function checkName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  if (name.trim() === '') throw invalidField('name', 'This field may not be blank.')
  return name
}

export async function createContactType(db: Db, scope: CrmScope, body: ContactTypeWrite): Promise<ContactType> {
  const name = checkName(body.name)
  if (name === undefined) throw invalidField('name', 'This field is required.')
  const [row] = await db.insert(contactType).values({ name, isGlobal: body.is_global ?? false, organizationId: scope.organizationId }).returning()
  return row!
}

export async function updateContactType(db: Db, scope: CrmScope, uuid: string, body: ContactTypeWrite): Promise<ContactType> {
  return db.transaction(async (tx) => {
    const current = await accessible(tx, scope, uuid, true)
    const values = { name: checkName(body.name), isGlobal: body.is_global }
    if (!hasChanges(values)) return current
    const [row] = await tx.update(contactType).set(values).where(eq(contactType.uuid, current.uuid)).returning()
    return row!
  })
}

/** Its contacts keep their data and lose the type. */
export async function deleteContactType(db: Db, scope: CrmScope, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await accessible(tx, scope, uuid, true)
    await tx.delete(contactType).where(eq(contactType.uuid, current.uuid))
  })
}

/**
 * The type a contact names: the UUID of a type the caller sees, or — for clients written against
 * the older choice field — the name of one ("Customer"). Another organization's own types are
 * not found, so their names never show on this organization's contacts.
 */
export async function resolveContactType(tx: Tx, scope: CrmScope, value: string | null | undefined): Promise<ContactType | null> {
  if (value === null || value === undefined || value.trim() === '') return null
  const wanted = value.trim()
  const seen = or(eq(contactType.organizationId, scope.organizationId), eq(contactType.isGlobal, true))
  const byKey = isUuid(wanted) ? eq(contactType.uuid, wanted.toLowerCase()) : eq(contactType.name, wanted)
  const rows = await tx.select().from(contactType).where(and(byKey, seen)).orderBy(asc(contactType.createdAt)).limit(1)
  if (rows[0]) return rows[0]
  throw invalidField('contact_type', `Invalid pk "${wanted}" - object does not exist.`)
}
