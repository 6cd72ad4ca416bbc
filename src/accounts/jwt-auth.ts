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
 * `Authorization: JWT <token>` (or `Bearer <token>`) from an identity service such as the
 * original's BiFrost: an RS256 token carrying `organization_uuid` and `core_user_uuid`.
 *
 * Mapping: the organization must already exist here (else 403). The caller becomes the user row
 * whose uuid is the core_user_uuid — created on first sight as `jwt:<uuid>`, role manager, no
 * password — so appointments it creates are owned by its core_user_uuid and `owner=me` works.
 * A core user is bound to the organization it was first seen in (another organization → 403),
 * and can never be a local account (a token naming a local user's uuid → 401), so a token cannot
 * impersonate a Basic/Token user or an admin. An admin may later change the row (role, active).
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
    if (!coreUserUuid) throw unauthorized('The token has no valid core_user_uuid claim.')
    const organizationUuid = claim(payload, 'organization_uuid')
    if (!organizationUuid) throw forbidden('The token has no valid organization_uuid claim.')
    const [org] = await db.select({ id: organization.id, uuid: organization.uuid }).from(organization)
      .where(eq(organization.uuid, organizationUuid))
    if (!org) throw forbidden('The token\'s organization is not known here.')

    await db.insert(users).values({
      uuid: coreUserUuid,
      username: `${JWT_USERNAME_PREFIX}${coreUserUuid}`,
      passwordHash: NO_PASSWORD,
      role: 'manager',
      organizationId: org.id,
    }).onConflictDoNothing()
    const [user] = await db.select().from(users).where(eq(users.uuid, coreUserUuid))
    if (!user?.username.startsWith(JWT_USERNAME_PREFIX)) throw unauthorized('The token\'s core_user_uuid is a local account.')
    if (user.organizationId !== org.id) throw forbidden('This core user belongs to another organization.')
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
