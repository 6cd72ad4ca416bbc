import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { gateway, smsGateway } from '../db/schema/index.js'
import { invalidField } from '../errors.js'
import type { Principal } from '../accounts/auth.js'
import { decryptSecret } from '../kit/secrets.js'

/** The gateway being saved: which table and row (null when new), and the account it would name. */
export interface SimulatorAccountClaim {
  table: 'gateway' | 'sms-gateway'
  id: number | null
  accountSid: string
  authToken: string
}

const TABLES = { 'gateway': gateway, 'sms-gateway': smsGateway as unknown as typeof gateway } as const

/**
 * The mounted simulator knows an account by its SID and accepts the token of any `simulator` gateway naming that SID
 * (telephony/simulator-auth.ts); the account's calls and messages are then open to those credentials — listed, read,
 * ended. A SID is readable by everyone who may read the gateway (the system gateways are read by every organization),
 * so a gateway of one's own naming that SID with a token of one's own would open another account: refused, unless
 * every gateway already holding the SID has this token or is one the caller may change anyway.
 */
export async function checkSimulatorAccount(db: Db, principal: Principal, secretKey: string, claim: SimulatorAccountClaim): Promise<void> {
  for (const [kind, table] of Object.entries(TABLES)) {
    const rows = await db.select({ id: table.id, userId: table.userId, token: table.authTokenEncrypted }).from(table)
      .where(and(eq(table.accountSid, claim.accountSid), eq(table.provider, 'simulator')))
    for (const row of rows) {
      if (kind === claim.table && row.id === claim.id) continue
      if (mayChange(principal, row.userId) || decryptSecret(secretKey, row.token) === claim.authToken) continue
      throw invalidField('account_sid', 'is the SID of another simulator account, whose token this gateway does not have')
    }
  }
}

/** As calendar/owners.ts checkCanEdit: admins change any gateway, a manager their own. */
const mayChange = (principal: Principal, ownerId: number | null) =>
  principal.role === 'admin' || (principal.role === 'manager' && ownerId === principal.id)
