// The organization's do-not-contact list and its consent log (README "Consent and opt-out"). A number on the list is
// never called, texted or e-mailed by an alarm; every change is logged with where it came from, and the list is only
// changed here, so the log is complete.
import { and, eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { CONSENT_ACTION, consentLog, doNotContact, type ConsentSource, type DoNotContact } from '../db/schema/index.js'
import type { ConsentHooks } from './consent-hooks.js'

export async function isDoNotContact(db: Tx, organizationId: number, phoneNumber: string): Promise<boolean> {
  const [row] = await db.select({ id: doNotContact.id }).from(doNotContact)
    .where(and(eq(doNotContact.organizationId, organizationId), eq(doNotContact.phoneNumber, phoneNumber)))
  return row !== undefined
}

const DEFAULT_REASON: Record<ConsentSource, string> = {
  ivr: 'pressed opt-out during a call',
  sms: 'replied with an opt-out keyword',
  admin: 'added on the admin pages',
  api: 'added through the API',
  carrier: 'the carrier refuses to text this number: the recipient opted out with it (21610)',
}

export interface ConsentEntry {
  organizationId: number
  /** E.164 */
  phoneNumber: string
  source: ConsentSource
  /** the word texted (STOP, REVOKE, START…) */
  keyword?: string | null
  /** the inbound sms_message that carried it */
  messageId?: number | null
  /** the user who made the change through the API or the admin pages */
  userId?: number | null
  reason?: string
}

export type ConsentDeps = { consentHooks: ConsentHooks }

/**
 * Puts a number on the organization's do-not-contact list, logs the change and tells the listeners (its pending alarms
 * stop, its appointments become opted_out). Idempotent: a number opted out twice keeps its first entry and is logged
 * once; the listeners hear it again, harmlessly. Returns the entry and whether it is new.
 */
export async function optOut(tx: Tx, deps: ConsentDeps, entry: ConsentEntry, now = new Date()): Promise<{ entry: DoNotContact; created: boolean }> {
  const reason = entry.reason?.trim() || (entry.keyword ? `${DEFAULT_REASON[entry.source]} (${entry.keyword})` : DEFAULT_REASON[entry.source])
  const [created] = await tx.insert(doNotContact).values({
    organizationId: entry.organizationId, phoneNumber: entry.phoneNumber, reason, source: entry.source,
    keyword: entry.keyword ?? null, messageId: entry.messageId ?? null, createdAt: now,
  }).onConflictDoNothing().returning()
  if (created) await log(tx, CONSENT_ACTION.optOut, entry, reason, now)
  const row = created ?? (await tx.select().from(doNotContact)
    .where(and(eq(doNotContact.organizationId, entry.organizationId), eq(doNotContact.phoneNumber, entry.phoneNumber))))[0]!
  await tell(tx, deps.consentHooks.optedOut, entry, reason, now)
  return { entry: row, created: created !== undefined }
}

/**
 * Takes a number off the list (START, UNSTOP, YES; an admin or API removal), logs it and tells the listeners (its
 * appointments opted out are reminded again); false when it was not on it.
 */
export async function optIn(tx: Tx, deps: ConsentDeps, entry: ConsentEntry, now = new Date()): Promise<boolean> {
  const removed = await tx.delete(doNotContact)
    .where(and(eq(doNotContact.organizationId, entry.organizationId), eq(doNotContact.phoneNumber, entry.phoneNumber)))
    .returning({ id: doNotContact.id })
  if (removed.length === 0) return false
  const reason = entry.reason?.trim() || (entry.keyword ? `opted in again (${entry.keyword})` : `removed (${entry.source})`)
  await log(tx, CONSENT_ACTION.optIn, entry, reason, now)
  await tell(tx, deps.consentHooks.optedIn, entry, reason, now)
  return true
}

/** Removes one entry of the organization's list by id (the API's and admin pages' delete); false when there is none. */
export async function optInById(
  tx: Tx, deps: ConsentDeps, input: { organizationId: number; id: number; source: ConsentSource; userId?: number | null },
): Promise<boolean> {
  const [row] = await tx.select().from(doNotContact)
    .where(and(eq(doNotContact.id, input.id), eq(doNotContact.organizationId, input.organizationId))).for('update')
  if (!row) return false
  return optIn(tx, deps, { organizationId: input.organizationId, phoneNumber: row.phoneNumber, source: input.source, userId: input.userId ?? null })
}

async function tell(tx: Tx, listeners: ConsentHooks['optedOut'], entry: ConsentEntry, reason: string, at: Date) {
  const change = { organizationId: entry.organizationId, phoneNumber: entry.phoneNumber, source: entry.source, keyword: entry.keyword ?? null, reason, at }
  for (const listener of listeners) await listener(tx, change)
}

async function log(tx: Tx, action: (typeof CONSENT_ACTION)[keyof typeof CONSENT_ACTION], entry: ConsentEntry, reason: string, at: Date) {
  await tx.insert(consentLog).values({
    organizationId: entry.organizationId, phoneNumber: entry.phoneNumber, action, source: entry.source, keyword: entry.keyword ?? null,
    messageId: entry.messageId ?? null, userId: entry.userId ?? null, reason, createdAt: at,
  })
}
