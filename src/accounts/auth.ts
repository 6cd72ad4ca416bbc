import { createHmac } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { apiToken, organization, users, type Role } from '../db/schema/index.js'
import { forbidden, invalidField, tooManyRequests, unauthorized } from '../errors.js'
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

// Verifying a password costs ~50 ms of scrypt, and integrations send Basic credentials on every
// request, so a successful check is remembered for a while. What is remembered is "this password
// matches this stored hash" (an HMAC of both, never the password): the user's row is still read on
// every request, so a deactivation, role change or new password takes effect at once in every process.
const REMEMBER_MS = 10 * 60_000
const REMEMBER_MAX = 10_000

/** Extra schemes (the CRM's JWT) register here: given the scheme and credentials, return a principal. */
export type AuthScheme = (credentials: string, request: FastifyRequest) => Promise<Principal>

export function createAuthenticator({ db, limiter, secretKey }: { db: Db; limiter: LoginLimiter; secretKey: string }) {
  const verified = new Map<string, number>()
  const inFlight = new Map<string, Promise<void>>()
  const proof = (userId: number, passwordHash: string, password: string) =>
    createHmac('sha256', secretKey).update(`basic\0${userId}\0${passwordHash}\0${password}`).digest('base64url')

  async function basic(username: string, password: string, clientIp: string): Promise<Principal> {
    const limitKey = `basic:${username.toLowerCase()}:${clientIp}`
    const [row] = await db.select({ ...principalColumns, wait: limiter.waitFor(limitKey), failures: limiter.failuresOf(limitKey) }).from(users)
      .innerJoin(organization, eq(organization.id, users.organizationId))
      .where(sql`lower(${users.username}) = lower(${username})`)
    // A blocked key waits even with the right password: otherwise "accepted" vs "blocked" would tell a guesser which guess was right.
    if (row?.wait) throw tooManyRequests(row.wait)
    const key = row ? proof(row.id, row.passwordHash, password) : ''
    if (row?.isActive && (verified.get(key) ?? 0) > Date.now()) {
      if (row.failures) await limiter.reset(limitKey)
      return principalOf(row, 'basic')
    }

    // Counted before the check, atomically: concurrent guesses cannot all be checked (login-limiter.ts). The same
    // credentials arriving together (an integration's parallel requests) share one check, so they count once.
    if (!row) {
      await checkOnce(limitKey, null, password)
      throw unauthorized('Invalid username or password')
    }
    let check = inFlight.get(key)
    if (!check) {
      check = checkOnce(limitKey, row, password).then(() => {
        if (verified.size >= REMEMBER_MAX) verified.clear()
        verified.set(key, Date.now() + REMEMBER_MS)
      }).finally(() => inFlight.delete(key))
      inFlight.set(key, check)
    }
    await check
    return principalOf(row, 'basic')
  }

  async function checkOnce(limitKey: string, row: { passwordHash: string; isActive: boolean } | null, password: string): Promise<void> {
    const wait = await limiter.reserve(limitKey)
    if (wait > 0) throw tooManyRequests(wait)
    const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH)
    if (!row || !ok || !row.isActive) throw unauthorized('Invalid username or password')
    await limiter.reset(limitKey)
  }

  async function token(value: string): Promise<Principal> {
    const [row] = await db.select(principalColumns).from(apiToken)
      .innerJoin(users, eq(users.id, apiToken.userId))
      .innerJoin(organization, eq(organization.id, users.organizationId))
      .where(and(eq(apiToken.tokenHash, hashToken(value)), isNull(apiToken.revokedAt)))
    if (!row?.isActive) throw unauthorized('Invalid or revoked token')
    return principalOf(row, 'token')
  }

  /**
   * Changing one's own password needs the current one: a stolen token or session must not be
   * enough to take the account over. Guesses count against the same limit as sign-ins.
   */
  async function confirmPassword(principal: Principal, password: string | undefined, clientIp: string): Promise<void> {
    const field = 'current_password'
    if (!password) throw invalidField(field, 'is required to change your own password')
    const limitKey = `basic:${principal.username.toLowerCase()}:${clientIp}`
    const wait = await limiter.reserve(limitKey)
    if (wait > 0) throw tooManyRequests(wait)
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, principal.id))
    if (!(await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH))) {
      throw forbidden(`${field}: is not your current password`, { [field]: 'is not your current password' })
    }
    await limiter.reset(limitKey)
  }

  return { basic, token, confirmPassword }
}
export type Authenticator = ReturnType<typeof createAuthenticator>

function principalOf(row: Omit<Principal, 'via'> & { isActive: boolean; passwordHash: string }, via: Principal['via']): Principal {
  const { id, uuid, username, role, organizationId, organizationUuid, managerId } = row
  return { id, uuid, username, role, organizationId, organizationUuid, managerId, via }
}

export function parseBasic(header: string): { username: string; password: string } | null {
  const decoded = Buffer.from(header, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
