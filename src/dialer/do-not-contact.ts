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
  db: Tx, entry: { organizationId: number; phoneNumber: string; reason: string; source: OptOutSource },
): Promise<void> {
  await db.insert(doNotContact).values(entry).onConflictDoNothing()
}

/** Where an opt-out came from: a keypress, a STOP reply, the API, or the carrier refusing to text the number (21610). */
export type OptOutSource = 'ivr' | 'sms' | 'api' | 'carrier'

const OPT_OUT_REASON: Record<OptOutSource, string> = {
  ivr: 'pressed opt-out', sms: 'replied STOP', api: 'added through the API',
  carrier: 'the carrier refuses to text this number: the recipient opted out with it (21610)',
}

/** Puts a number on the organization's do-not-contact list (idempotent). */
export async function optOut(
  tx: Tx, entry: { organizationId: number; phoneNumber: string; source: OptOutSource; keyword?: string; messageId?: string },
): Promise<void> {
  const reason = entry.keyword ? `${OPT_OUT_REASON[entry.source]} (${entry.keyword})` : OPT_OUT_REASON[entry.source]
  await addDoNotContact(tx, { organizationId: entry.organizationId, phoneNumber: entry.phoneNumber, reason, source: entry.source })
}
