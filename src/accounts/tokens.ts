import { createHash, randomBytes } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { apiToken } from '../db/schema/index.js'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** Returns the token once; only its hash is stored. */
export async function issueToken(db: Tx, userId: number): Promise<string> {
  const token = randomBytes(20).toString('hex')
  await db.insert(apiToken).values({ userId, tokenHash: hashToken(token) })
  return token
}

export async function revokeToken(db: Tx, token: string): Promise<void> {
  await db.update(apiToken).set({ revokedAt: new Date() })
    .where(and(eq(apiToken.tokenHash, hashToken(token)), isNull(apiToken.revokedAt)))
}

export async function revokeAllTokens(db: Tx, userId: number): Promise<void> {
  await db.update(apiToken).set({ revokedAt: new Date() })
    .where(and(eq(apiToken.userId, userId), isNull(apiToken.revokedAt)))
}
