// Reading an organization's do-not-contact list with each entry's history (the consent log), and its texts in and
// out: what the REST API (routes/consent.ts) and the admin pages show.
import { and, asc, count, desc, eq, inArray, or, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { consentLog, doNotContact, smsMessage, type ConsentLogEntry, type DoNotContact, type SmsMessage } from '../db/schema/index.js'
import { notFound } from '../errors.js'

export type DoNotContactEntry = DoNotContact & { history: ConsentLogEntry[] }

async function withHistory(db: Db | Tx, organizationId: number, rows: DoNotContact[]): Promise<DoNotContactEntry[]> {
  if (rows.length === 0) return []
  const log = await db.select().from(consentLog)
    .where(and(eq(consentLog.organizationId, organizationId), inArray(consentLog.phoneNumber, rows.map((r) => r.phoneNumber))))
    .orderBy(asc(consentLog.createdAt), asc(consentLog.id))
  return rows.map((r) => ({ ...r, history: log.filter((l) => l.phoneNumber === r.phoneNumber) }))
}

/** Newest first; `phoneNumber` (E.164) narrows it to that number's entry. */
export async function listDoNotContact(
  db: Db, organizationId: number, filter: { phoneNumber?: string | undefined; limit: number; offset: number },
): Promise<{ count: number; rows: DoNotContactEntry[] }> {
  const where = and(eq(doNotContact.organizationId, organizationId), filter.phoneNumber ? eq(doNotContact.phoneNumber, filter.phoneNumber) : undefined)
  const [total] = await db.select({ n: count() }).from(doNotContact).where(where)
  const rows = await db.select().from(doNotContact).where(where)
    .orderBy(desc(doNotContact.createdAt), desc(doNotContact.id)).limit(filter.limit).offset(filter.offset)
  return { count: total?.n ?? 0, rows: await withHistory(db, organizationId, rows) }
}

export async function getDoNotContact(db: Db | Tx, organizationId: number, id: number): Promise<DoNotContactEntry> {
  const [row] = await db.select().from(doNotContact).where(and(eq(doNotContact.id, id), eq(doNotContact.organizationId, organizationId)))
  if (!row) throw notFound('Do-not-contact entry')
  return (await withHistory(db, organizationId, [row]))[0]!
}

export interface SmsFilter {
  direction?: 'inbound' | 'outbound' | undefined
  /** E.164: texts from or to this number */
  phoneNumber?: string | undefined
  /** what inbound texts were read as (INBOUND_MATCH) */
  matched?: string | undefined
  limit: number
  offset: number
}

/** The organization's texts, inbound and outbound, newest first (the API's /sms-message/ and the admin pages). */
export async function listSmsMessages(db: Db, organizationId: number, filter: SmsFilter): Promise<{ count: number; rows: SmsMessage[] }> {
  const conditions: (SQL | undefined)[] = [eq(smsMessage.organizationId, organizationId)]
  if (filter.direction) conditions.push(eq(smsMessage.direction, filter.direction))
  if (filter.phoneNumber) conditions.push(or(eq(smsMessage.fromNumber, filter.phoneNumber), eq(smsMessage.toNumber, filter.phoneNumber)))
  if (filter.matched) conditions.push(eq(smsMessage.matched, filter.matched as SmsMessage['matched'] & string))
  const where = and(...conditions)
  const [total] = await db.select({ n: count() }).from(smsMessage).where(where)
  const rows = await db.select().from(smsMessage).where(where)
    .orderBy(desc(smsMessage.createdAt), desc(smsMessage.id)).limit(filter.limit).offset(filter.offset)
  return { count: total?.n ?? 0, rows }
}

export async function getSmsMessage(db: Db, organizationId: number, id: number): Promise<SmsMessage> {
  const [row] = await db.select().from(smsMessage).where(and(eq(smsMessage.id, id), eq(smsMessage.organizationId, organizationId)))
  if (!row) throw notFound('SMS message')
  return row
}
