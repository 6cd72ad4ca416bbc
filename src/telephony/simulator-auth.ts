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
