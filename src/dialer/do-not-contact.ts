import { and, eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { doNotContact } from '../db/schema/index.js'

export async function isDoNotContact(db: Tx, organizationId: number, phoneNumber: string): Promise<boolean> {
  const [row] = await db.select({ id: doNotContact.id }).from(doNotContact)
    .where(and(eq(doNotContact.organizationId, organizationId), eq(doNotContact.phoneNumber, phoneNumber)))
  return row !== undefined
}

/** Idempotent: a number opted out twice stays opted out once. */
export async function addDoNotContact(
  db: Tx, entry: { organizationId: number; phoneNumber: string; reason: string; source: 'ivr' | 'sms' | 'api' },
): Promise<void> {
  await db.insert(doNotContact).values(entry).onConflictDoNothing()
}
