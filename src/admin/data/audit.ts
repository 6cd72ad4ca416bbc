import { and, count, desc, eq, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client.js'
import { adminAudit, type AuditAction } from '../../db/schema/index.js'
import type { AdminPrincipal } from '../session.js'

export interface AuditEntry {
  action: AuditAction
  targetType: string
  targetId: string | number
  detail?: Record<string, unknown>
}

/** Records a change in the transaction that makes it: the entry and the change commit together. */
export async function recordAudit(tx: Tx, user: AdminPrincipal, entry: AuditEntry): Promise<void> {
  await tx.insert(adminAudit).values({
    organizationId: user.organizationId, userId: user.id, username: user.username, action: entry.action,
    targetType: entry.targetType, targetId: String(entry.targetId), detail: entry.detail ?? {},
  })
}

/** An admin reads the organization's trail; a manager their own changes. */
function auditScope(user: AdminPrincipal): SQL | undefined {
  const organization = eq(adminAudit.organizationId, user.organizationId)
  if (user.role === 'admin') return organization
  return and(organization, eq(adminAudit.userId, user.id))
}

export async function listAudit(db: Db, user: AdminPrincipal, limit: number, offset: number) {
  const where = auditScope(user)
  const [total] = await db.select({ n: count() }).from(adminAudit).where(where)
  const rows = await db.select().from(adminAudit).where(where).orderBy(desc(adminAudit.createdAt), desc(adminAudit.id)).limit(limit).offset(offset)
  return { count: Number(total?.n ?? 0), rows }
}
