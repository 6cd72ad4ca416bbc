import { createPublicKey, type KeyObject } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose'
import type { Db } from '../db/client.js'
import { organization, users } from '../db/schema/index.js'
import { forbidden, unauthorized } from '../errors.js'
import type { AuthScheme, Principal } from './auth.js'
import { isUuid } from '../kit/values.js'

/** Users created for identity-service callers are named `jwt:<core_user_uuid>` and have no usable password. */
export const JWT_USERNAME_PREFIX = 'jwt:'
const NO_PASSWORD = '!'

/** The configured PEM as a key; a bad key stops start-up naming the variable. */
export function loadJwtPublicKey(pem: string): KeyObject {
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch (err) {
    throw new Error(`JWT_PUBLIC_KEY: cannot read the public key (${(err as Error).message})`)
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error('JWT_PUBLIC_KEY: must be an RSA public key (tokens are RS256)')
  return key
}

function claim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name]
  return typeof value === 'string' && isUuid(value) ? value.toLowerCase() : undefined
}

/**
 * An organization first named by a token gets the original service's settings (its TIME_ZONE, German texts), and
 * no reminders until the clinic turns them on (`reminders_by_default`): a client of the original knows nothing of
 * them, so it must not find its appointments refused for a reminder gateway or a `{doctor}` name it cannot set.
 */
export const JWT_ORGANIZATION_DEFAULTS = { timezone: 'Europe/Berlin', language: 'de', defaultRegion: 'DE', remindersByDefault: false } as const

/** The organization with this uuid, created on first sight: the identity service's tokens are trusted for it. */
async function organizationFor(db: Db, uuid: string): Promise<{ id: number; uuid: string }> {
  await db.insert(organization).values({ uuid, name: `Organization ${uuid}`, ...JWT_ORGANIZATION_DEFAULTS }).onConflictDoNothing()
  const [org] = await db.select({ id: organization.id, uuid: organization.uuid }).from(organization).where(eq(organization.uuid, uuid))
  return org!
}

/**
 * `Authorization: JWT <token>` (or `Bearer <token>`) from an identity service such as the
 * original's BiFrost: an RS256 token carrying `organization_uuid`, `core_user_uuid` and `username`.
 *
 * As in the original, the token's claims are the caller's identity: the caller works in the
 * token's organization (created here on first sight) as the core user the token names, whatever
 * organization that core user appeared in before. The core user is a user row (its uuid is the
 * core_user_uuid, created on first sight as `jwt:<uuid>`, role manager, no password), so that an
 * admin can deactivate it, and what it creates is owned by its core_user_uuid (`owner=me` works).
 * It can never be a local account (a token naming a local user's uuid → refused), so a token cannot
 * impersonate a Basic/Token user or an admin.
 */
export function createJwtAuthScheme({ db, publicKey }: { db: Db; publicKey: KeyObject }): AuthScheme {
  return async (credentials) => {
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(credentials, publicKey, { algorithms: ['RS256'] }))
    } catch (err) {
      throw unauthorized(err instanceof joseErrors.JWTExpired ? 'Signature has expired.' : 'Error decoding signature.')
    }
    const coreUserUuid = claim(payload, 'core_user_uuid')
    // The original's permission class wants both the username and the core user (else 403).
    if (!coreUserUuid || typeof payload.username !== 'string' || payload.username === '') throw forbidden()
    const organizationUuid = claim(payload, 'organization_uuid')
    // The original would then show every row without an organization; here such a token is refused.
    if (!organizationUuid) throw forbidden('The token has no valid organization_uuid claim.')
    const org = await organizationFor(db, organizationUuid)

    await db.insert(users).values({
      uuid: coreUserUuid,
      username: `${JWT_USERNAME_PREFIX}${coreUserUuid}`,
      passwordHash: NO_PASSWORD,
      role: 'manager',
      organizationId: org.id,
    }).onConflictDoNothing()
    const [user] = await db.select().from(users).where(eq(users.uuid, coreUserUuid))
    if (!user?.username.startsWith(JWT_USERNAME_PREFIX)) throw unauthorized('The token\'s core_user_uuid is a local account.')
    if (!user.isActive) throw unauthorized('This user is inactive.')
    const principal: Principal = {
      id: user.id,
      uuid: user.uuid,
      username: user.username,
      role: user.role,
      organizationId: org.id,
      organizationUuid: org.uuid,
      managerId: user.managerId,
      via: 'jwt',
    }
    return principal
  }
}
