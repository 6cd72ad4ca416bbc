import { count, desc } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { emailMessage } from '../../db/schema/index.js'

/** The e-mail outbox, newest first. email_message rows carry no owner or organization: the page is for admins only. */
export async function listMail(db: Db, limit: number, offset: number) {
  const [total] = await db.select({ n: count() }).from(emailMessage)
  const rows = await db.select().from(emailMessage).orderBy(desc(emailMessage.createdAt), desc(emailMessage.id)).limit(limit).offset(offset)
  return { count: Number(total?.n ?? 0), rows }
}
