import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { apiToken, organization, users, type Role } from '../db/schema/index.js'
import { tooManyRequests, unauthorized } from '../errors.js'
import type { LoginLimiter } from './login-limiter.js'
import { DUMMY_HASH, verifyPassword } from './passwords.js'
import { hashToken } from './tokens.js'

/** Who is calling: attached to every authenticated request. */
export interface Principal {
  id: number
  uuid: string
  username: string
  role: Role
  organizationId: number
  organizationUuid: string
  managerId: number | null
  /** the credential used, so a token can revoke itself */
  via: 'basic' | 'token' | 'jwt'
}

const principalColumns = {
  id: users.id,
  uuid: users.uuid,
  username: users.username,
  role: users.role,
  organizationId: users.organizationId,
  organizationUuid: organization.uuid,
  managerId: users.managerId,
  isActive: users.isActive,
  passwordHash: users.passwordHash,
}

// Verifying a password costs ~50 ms of scrypt; integrations send Basic credentials on every
// request, so a successful check is remembered briefly (keyed by a hash, never the password).
const CACHE_MS = 60_000

/** Extra schemes (the CRM's JWT) register here: given the scheme and credentials, return a principal. */
export type AuthScheme = (credentials: string, request: FastifyRequest) => Promise<Principal>

export function createAuthenticator({ db, limiter, secretKey }: { db: Db; limiter: LoginLimiter; secretKey: string }) {
  const verified = new Map<string, { principal: Principal; until: number }>()

  async function basic(username: string, password: string, clientIp: string): Promise<Principal> {
    const cacheKey = createHash('sha256').update(`${secretKey}\0${username}\0${password}`).digest('hex')
    const hit = verified.get(cacheKey)
    if (hit && hit.until > Date.now()) return hit.principal

    const limitKey = `basic:${username.toLowerCase()}:${clientIp}`
    const wait = await limiter.blockedFor(limitKey)
    if (wait > 0) throw tooManyRequests(wait)
    const [row] = await db.select(principalColumns).from(users)
      .innerJoin(organization, eq(organization.id, users.organizationId))
      .where(sql`lower(${users.username}) = lower(${username})`)
    const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH)
    if (!row || !ok || !row.isActive) {
      await limiter.recordFailure(limitKey)
      throw unauthorized('Invalid username or password')
    }
    await limiter.reset(limitKey)
    const { isActive: _a, passwordHash: _p, ...rest } = row
    const principal: Principal = { ...rest, via: 'basic' }
    if (verified.size > 10_000) verified.clear()
    verified.set(cacheKey, { principal, until: Date.now() + CACHE_MS })
    return principal
  }

  async function token(value: string): Promise<Principal> {
    const [row] = await db.select(principalColumns).from(apiToken)
      .innerJoin(users, eq(users.id, apiToken.userId))
      .innerJoin(organization, eq(organization.id, users.organizationId))
      .where(and(eq(apiToken.tokenHash, hashToken(value)), isNull(apiToken.revokedAt)))
    if (!row?.isActive) throw unauthorized('Invalid or revoked token')
    const { isActive: _a, passwordHash: _p, ...rest } = row
    return { ...rest, via: 'token' }
  }

  return {
    basic,
    token,
    /** Forget cached Basic checks (after a password change or a user is deactivated). */
    forget() {
      verified.clear()
    },
  }
}
export type Authenticator = ReturnType<typeof createAuthenticator>

export function parseBasic(header: string): { username: string; password: string } | null {
  const decoded = Buffer.from(header, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
