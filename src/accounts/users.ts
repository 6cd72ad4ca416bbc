import { and, count, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { PG, pgErrorCode } from '../db/pg-error.js'
import { organization, users, type Role, type User } from '../db/schema/index.js'
import { conflict, forbidden, invalidField, notFound } from '../errors.js'
import type { Principal } from './auth.js'
import { hashPassword } from './passwords.js'
import { revokeAllTokens } from './tokens.js'
import { checkEmail } from '../kit/validation.js'

export interface UserInput {
  username?: string
  password?: string
  email?: string
  first_name?: string
  last_name?: string
  role?: Role
  organizationId?: number
  is_active?: boolean
  managerId?: number | null
}

/** Admins see everyone; everybody else sees only themselves. */
export function visibleUsers(principal: Principal): SQL | undefined {
  return principal.role === 'admin' ? undefined : eq(users.id, principal.id)
}

export async function listUsers(db: Db, principal: Principal, limit: number, offset: number) {
  const where = visibleUsers(principal)
  const [total] = await db.select({ n: count() }).from(users).where(where)
  const rows = await db.select().from(users).where(where).orderBy(users.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getUser(db: Db, principal: Principal, id: number): Promise<User> {
  const [row] = await db.select().from(users).where(and(eq(users.id, id), visibleUsers(principal)))
  if (!row) throw notFound('User')
  return row
}

async function usernameTaken(db: Db, username: string, exceptId?: number): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`)
  return row !== undefined && row.id !== exceptId
}

async function checkOrganization(db: Db, id: number): Promise<void> {
  const [row] = await db.select({ id: organization.id }).from(organization).where(eq(organization.id, id))
  if (!row) throw invalidField('organization', `organization ${id} does not exist`)
}

export async function createUser(db: Db, input: UserInput & { username: string; password: string; organizationId: number }): Promise<User> {
  if (await usernameTaken(db, input.username)) throw usernameConflict()
  await checkOrganization(db, input.organizationId)
  const [row] = await insertUser(db, {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    email: input.email ? checkEmail('email', input.email) : '',
    firstName: input.first_name ?? '',
    lastName: input.last_name ?? '',
    role: input.role ?? 'manager',
    organizationId: input.organizationId,
    managerId: input.managerId ?? null,
    isActive: input.is_active ?? true,
  })
  return row!
}

const usernameConflict = () => conflict('username: already taken', { username: 'A user with that username already exists.' })

/**
 * The check above answers at once in the common case; two creates of one name at the same moment
 * both pass it, and the unique index decides: the loser gets the same 409, not a 500.
 */
async function insertUser(db: Db, values: typeof users.$inferInsert) {
  try {
    return await db.insert(users).values(values).returning()
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) throw usernameConflict()
    throw err
  }
}

/** Admins may change anything; others may change their own names, e-mail and password only. */
export async function updateUser(db: Db, principal: Principal, id: number, input: UserInput): Promise<User> {
  await getUser(db, principal, id)
  if (principal.role !== 'admin') {
    const adminOnly = { role: input.role, organization: input.organizationId, is_active: input.is_active }
    for (const [field, value] of Object.entries(adminOnly)) {
      if (value !== undefined) throw forbidden(`${field}: only an admin can change this`)
    }
  }
  if (input.username && (await usernameTaken(db, input.username, id))) throw usernameConflict()
  if (input.organizationId !== undefined) await checkOrganization(db, input.organizationId)
  if (id === principal.id && input.role !== undefined && input.role !== 'admin' && principal.role === 'admin') {
    throw invalidField('role', 'you cannot remove your own admin role')
  }
  const email = input.email !== undefined ? (input.email === '' ? '' : checkEmail('email', input.email)) : undefined
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined
  const changes = {
    username: input.username,
    passwordHash,
    email,
    firstName: input.first_name,
    lastName: input.last_name,
    role: input.role,
    organizationId: input.organizationId,
    isActive: input.is_active,
  }
  // A PATCH naming no known field (`{}`, or only unknown ones, which the schema strips) changes nothing.
  if (Object.values(changes).every((v) => v === undefined)) return getUser(db, principal, id)
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.update(users).set(changes).where(eq(users.id, id)).returning()
      if (passwordHash !== undefined) await revokeAllTokens(tx, id)
      return row!
    })
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) throw usernameConflict()
    throw err
  }
}

export async function deleteUser(db: Db, principal: Principal, id: number): Promise<void> {
  if (principal.role !== 'admin') throw forbidden('only an admin can delete users')
  if (id === principal.id) throw conflict('you cannot delete yourself')
  await getUser(db, principal, id)
  // Users own history (alarms, calls); deactivating keeps it readable while closing the account.
  try {
    await db.delete(users).where(eq(users.id, id))
  } catch (err) {
    if (pgErrorCode(err) === PG.foreignKeyViolation) {
      throw conflict('this user still owns data; deactivate it (is_active: false) instead')
    }
    throw err
  }
}
