import { count, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { organization, users, type Organization } from '../db/schema/index.js'
import { conflict, notFound } from '../errors.js'
import { checkTimezone, toE164 } from '../kit/validation.js'

/** What a request may set on an organization (all optional for a PATCH). */
export interface OrganizationInput {
  name?: string
  phone?: string
  reception_phone?: string | null
  timezone?: string
  default_region?: string
}

export async function findOrganization(db: Db, id: number): Promise<Organization> {
  const [row] = await db.select().from(organization).where(eq(organization.id, id))
  if (!row) throw notFound('Organization')
  return row
}

export async function listOrganizations(db: Db, limit: number, offset: number) {
  const [total] = await db.select({ n: count() }).from(organization)
  const rows = await db.select().from(organization).orderBy(organization.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

const columns = (input: OrganizationInput, region: string) => ({
  name: input.name,
  phone: input.phone,
  receptionPhone: input.reception_phone === undefined ? undefined
    : input.reception_phone === null || input.reception_phone.trim() === '' ? null : toE164('reception_phone', input.reception_phone, region),
  timezone: input.timezone === undefined ? undefined : checkTimezone('timezone', input.timezone),
  defaultRegion: input.default_region?.toUpperCase(),
})

export async function createOrganization(db: Db, input: OrganizationInput & { name: string }): Promise<Organization> {
  const [row] = await db.insert(organization).values({ ...columns(input, input.default_region ?? 'US'), name: input.name }).returning()
  return row!
}

export async function updateOrganization(db: Db, id: number, input: OrganizationInput): Promise<Organization> {
  const current = await findOrganization(db, id)
  const [row] = await db.update(organization).set({ ...columns(input, input.default_region ?? current.defaultRegion), updatedAt: new Date() })
    .where(eq(organization.id, id)).returning()
  return row!
}

/** Only an empty organization can go: its users are moved or deleted first. */
export async function deleteOrganization(db: Db, id: number): Promise<void> {
  await findOrganization(db, id)
  const [members] = await db.select({ n: count() }).from(users).where(eq(users.organizationId, id))
  if ((members?.n ?? 0) > 0) throw conflict('This organization still has users; move or delete them first')
  await db.delete(organization).where(eq(organization.id, id))
}
