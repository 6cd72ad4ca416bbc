import { timingSafeEqual } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { gateway, smsGateway } from '../db/schema/index.js'
import { decryptSecret } from '../kit/secrets.js'

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/**
 * The mounted simulator accepts the credentials of Tocsin's own `simulator` gateways, as Twilio
 * accepts an account's SID and auth token.
 */
export function simulatorAuth(db: Db, secretKey: string) {
  return async (accountSid: string, authToken: string): Promise<boolean> => {
    for (const table of [gateway, smsGateway]) {
      const rows = await db.select({ token: table.authTokenEncrypted }).from(table)
        .where(and(eq(table.accountSid, accountSid), eq(table.provider, 'simulator')))
      if (rows.some((r) => same(decryptSecret(secretKey, r.token), authToken))) return true
    }
    return false
  }
}

/**
 * The account that owns a number, for texts the mounted simulator delivers to it: the `simulator` gateway whose sender
 * (an SMS gateway's from_number, a voice gateway's caller_id) it is.
 */
export function simulatorNumberOwner(db: Db, secretKey: string) {
  return async (number: string): Promise<{ accountSid: string; authToken: string } | null> => {
    for (const table of [smsGateway, gateway]) {
      const [row] = await db.select({ accountSid: table.accountSid, token: table.authTokenEncrypted }).from(table)
        .where(and(eq(table.fromNumber, number), eq(table.provider, 'simulator'))).orderBy(table.id).limit(1)
      if (row) return { accountSid: row.accountSid, authToken: decryptSecret(secretKey, row.token) }
    }
    return null
  }
}
