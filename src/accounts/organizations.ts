import { count, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { organization, users, type Organization } from '../db/schema/index.js'
import { conflict, invalidField, notFound } from '../errors.js'
import { checkTimezone, toE164 } from '../kit/validation.js'

/** What a request may set on an organization (all optional for a PATCH). */
export interface OrganizationInput {
  name?: string
  phone?: string
  reception_phone?: string | null
  timezone?: string
  default_region?: string
  contact_hours_start?: string
  contact_hours_end?: string
  reminders_by_default?: boolean
}

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/

/** Contact hours as the API takes them: HH:MM, the end may be 24:00, and a span that starts where it ends is only 00:00–24:00. */
function checkContactHours(start: string, end: string): void {
  if (!HH_MM.test(start)) throw invalidField('contact_hours_start', 'must be a time of day HH:MM')
  if (!HH_MM.test(end) && end !== '24:00') throw invalidField('contact_hours_end', 'must be a time of day HH:MM, or 24:00')
  if (start === end) {
    throw invalidField('contact_hours_end', 'must differ from contact_hours_start (00:00–24:00 means always)')
  }
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
  contactHoursStart: input.contact_hours_start,
  contactHoursEnd: input.contact_hours_end,
  remindersByDefault: input.reminders_by_default,
})

export async function createOrganization(db: Db, input: OrganizationInput & { name: string }): Promise<Organization> {
  checkContactHours(input.contact_hours_start ?? '08:00', input.contact_hours_end ?? '21:00')
  const [row] = await db.insert(organization).values({ ...columns(input, input.default_region ?? 'US'), name: input.name }).returning()
  return row!
}

export async function updateOrganization(db: Db, id: number, input: OrganizationInput): Promise<Organization> {
  const current = await findOrganization(db, id)
  checkContactHours(input.contact_hours_start ?? current.contactHoursStart, input.contact_hours_end ?? current.contactHoursEnd)
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
