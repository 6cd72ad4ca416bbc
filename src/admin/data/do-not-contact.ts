import { and, count, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { AUDIT_ACTION, doNotContact } from '../../db/schema/index.js'
import type { Search } from '../list.js'
import type { AdminPrincipal } from '../session.js'
import { recordAudit } from './audit.js'
import { optInById, optOut, type ConsentDeps } from '../../dialer/do-not-contact.js'
import { searchCondition } from './search.js'

/** The organization's do-not-contact list (it is organization-wide: one entry stops every calendar's calls). */
export async function listDoNotContact(db: Db, user: AdminPrincipal, search: Search | undefined, limit: number, offset: number) {
  const where = and(eq(doNotContact.organizationId, user.organizationId), searchCondition(search, [doNotContact.reason], [doNotContact.phoneNumber]))
  const [total] = await db.select({ n: count() }).from(doNotContact).where(where)
  const rows = await db.select().from(doNotContact).where(where)
    .orderBy(desc(doNotContact.createdAt), desc(doNotContact.id)).limit(limit).offset(offset)
  return { count: Number(total?.n ?? 0), rows }
}

/**
 * Adds a number (E.164) through the consent log (its waiting alarms stop, its appointments become opted_out), with the
 * change audited; false when it was on the list already (nothing changes).
 */
export async function addDoNotContact(db: Db, deps: ConsentDeps, user: AdminPrincipal, phoneNumber: string, reason: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { created } = await optOut(tx, deps, { organizationId: user.organizationId, phoneNumber, reason, source: 'admin', userId: user.id })
    if (!created) return false
    await recordAudit(tx, user, { action: AUDIT_ACTION.doNotContactAdded, targetType: 'do-not-contact', targetId: phoneNumber, detail: { reason } })
    return true
  })
}

/** Removes an entry of the user's organization through the consent log, with the change audited; false when there is no such entry. */
export async function removeDoNotContact(db: Db, deps: ConsentDeps, user: AdminPrincipal, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(doNotContact)
      .where(and(eq(doNotContact.id, id), eq(doNotContact.organizationId, user.organizationId))).for('update')
    if (!row || !(await optInById(tx, deps, { organizationId: user.organizationId, id, source: 'admin', userId: user.id }))) return false
    await recordAudit(tx, user, {
      action: AUDIT_ACTION.doNotContactRemoved, targetType: 'do-not-contact', targetId: row.phoneNumber,
      detail: { reason: row.reason, source: row.source, added_at: row.createdAt.toISOString() },
    })
    return true
  })
}
