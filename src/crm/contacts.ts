import { and, arrayOverlaps, asc, count, desc, eq, ilike, max, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { contact, type Contact, type NewContact } from '../db/schema/index.js'
import { invalidField, notFound } from '../errors.js'
import { CONTACT_TYPES, CUSTOMER_TYPES, TITLES, choice } from './choices.js'
import { checkAddresses, checkEmails, checkPhones } from './contact-entries.js'
import { parseOrdering } from './ordering.js'
import type { CrmScope } from './scope.js'
import { conflictOn, rethrowUnique } from './unique.js'
import { likeEscape, optionalUuid, uuidList, uuidQueryList } from '../kit/values.js'
import { checkTimezone } from '../kit/validation.js'
import { syncReminders, upcomingAppointmentsOf } from './reminders/sync.js'
import { checkLanguage } from './reminders/wording.js'
import { PAGE_SIZES, pageSize } from '../kit/pagination.js'

/** What a request may write on a contact (the HTTP schema, src/schemas/crm/contact.ts, checks the shapes). */
export interface ContactBody {
  core_user_uuid?: string | null
  customer_id?: number | null
  first_name?: string
  middle_name?: string | null
  last_name?: string | null
  title?: string | null
  suffix?: string | null
  contact_type?: string | null
  customer_type?: string | null
  company?: string | null
  addresses?: { type?: string; street?: string; house_number?: string; postal_code?: string; city?: string; country?: string }[] | null
  siteprofile_uuids?: string[] | null
  emails?: { type?: string; email: string }[] | null
  phones?: { type?: string; number: string }[] | null
  notes?: string | null
  workflowlevel1_uuids?: string[] | null
  workflowlevel2_uuids?: string[] | null
  timezone?: string | null
  language?: string | null
}

/** The list's filters, window and order. */
export interface ContactQuery {
  organization?: string
  limit?: number
  offset?: number
  search?: string
  starts_with?: string
  ordering?: string
  customer_id?: number
  core_user_uuid?: string
  contact_type?: string
  customer_type?: string
  workflowlevel1_uuids?: string
  workflowlevel2_uuids?: string
  siteprofile_uuids?: string
}

export const FIRST_CUSTOMER_ID = 10001
/** pg_advisory_xact_lock(CUSTOMER_ID_LOCK, organization id) serialises customer_id writes per organization */
const CUSTOMER_ID_LOCK = 7_460_101

const UNIQUE = {
  unique_organization_customer_id: ['customer_id', 'A contact with this customer_id already exists in this organization.'],
  unique_organization_core_user_uuid: ['core_user_uuid', 'A contact for this core user already exists in this organization.'],
} satisfies Record<string, [string, string]>

const ORDERING = {
  id: contact.id,
  uuid: contact.uuid,
  customer_id: contact.customerId,
  first_name: contact.firstName,
  middle_name: contact.middleName,
  last_name: contact.lastName,
  title: contact.title,
  suffix: contact.suffix,
  contact_type: contact.contactType,
  customer_type: contact.customerType,
  company: contact.company,
  create_date: contact.createDate,
  edit_date: contact.editDate,
}

const trimmed = (value: string | null | undefined) => (value ?? '').trim()

/**
 * Body → column values. `full` (POST, PUT): a field left out gets its default, so PUT replaces
 * the whole contact; otherwise (PATCH) only the fields present are touched.
 */
function toValues(scope: CrmScope, body: ContactBody, full: boolean): Partial<NewContact> {
  const has = (key: keyof ContactBody) => full || body[key] !== undefined
  const v: Partial<NewContact> = {}
  if (has('core_user_uuid')) v.coreUserUuid = optionalUuid('core_user_uuid', body.core_user_uuid)
  if (has('first_name')) {
    v.firstName = trimmed(body.first_name)
    if (v.firstName === '') throw invalidField('first_name', 'This field may not be blank.')
  }
  if (has('middle_name')) v.middleName = trimmed(body.middle_name)
  if (has('last_name')) v.lastName = trimmed(body.last_name)
  if (has('title')) v.title = choice('title', body.title, TITLES)
  if (has('suffix')) v.suffix = trimmed(body.suffix)
  if (has('contact_type')) v.contactType = choice('contact_type', body.contact_type, CONTACT_TYPES)
  if (has('customer_type')) v.customerType = choice('customer_type', body.customer_type, CUSTOMER_TYPES)
  if (has('company')) v.company = trimmed(body.company)
  if (has('addresses')) v.addresses = checkAddresses(body.addresses as Record<string, unknown>[] | null | undefined)
  if (has('emails')) v.emails = checkEmails(body.emails as Record<string, unknown>[] | null | undefined)
  if (has('phones')) v.phones = checkPhones(body.phones as Record<string, unknown>[] | null | undefined, scope.defaultRegion)
  if (has('notes')) v.notes = body.notes ?? ''
  if (has('siteprofile_uuids')) v.siteprofileUuids = uuidList('siteprofile_uuids', body.siteprofile_uuids)
  if (has('workflowlevel1_uuids')) v.workflowlevel1Uuids = uuidList('workflowlevel1_uuids', body.workflowlevel1_uuids)
  if (has('workflowlevel2_uuids')) v.workflowlevel2Uuids = uuidList('workflowlevel2_uuids', body.workflowlevel2_uuids)
  if (has('timezone')) v.timezone = body.timezone?.trim() ? checkTimezone('timezone', body.timezone.trim()) : null
  if (has('language')) v.language = body.language?.trim() ? checkLanguage('language', body.language) : null
  return v
}

async function lockCustomerIds(tx: Tx, organizationId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CUSTOMER_ID_LOCK}::int, ${organizationId}::int)`)
}

/** Under the organization's lock: the highest number + 1, or 10001 for the first contact. */
async function nextCustomerId(tx: Tx, organizationId: number): Promise<number> {
  const [row] = await tx.select({ top: max(contact.customerId) }).from(contact).where(eq(contact.organizationId, organizationId))
  return Math.max((row?.top ?? 0) + 1, FIRST_CUSTOMER_ID)
}

async function checkCustomerIdFree(tx: Tx, organizationId: number, customerId: number, exceptId?: number): Promise<void> {
  const [taken] = await tx.select({ id: contact.id }).from(contact).where(and(
    eq(contact.organizationId, organizationId),
    eq(contact.customerId, customerId),
    exceptId === undefined ? undefined : ne(contact.id, exceptId),
  ))
  if (taken) throw conflictOn(...UNIQUE.unique_organization_customer_id)
}

export async function getContact(db: Tx, scope: CrmScope, id: number): Promise<Contact> {
  const [row] = await db.select().from(contact).where(and(eq(contact.id, id), eq(contact.organizationId, scope.organizationId)))
  if (!row) throw notFound('Contact')
  return row
}

/** A contact of the scope's organization by uuid, or undefined. */
export async function findContactByUuid(db: Tx, scope: CrmScope, uuid: string): Promise<Contact | undefined> {
  const [row] = await db.select().from(contact).where(and(eq(contact.uuid, uuid), eq(contact.organizationId, scope.organizationId)))
  return row
}

export async function createContact(db: Db, scope: CrmScope, body: ContactBody): Promise<Contact> {
  const values = toValues(scope, body, true)
  try {
    return await db.transaction(async (tx) => {
      await lockCustomerIds(tx, scope.organizationId)
      let customerId = body.customer_id ?? null
      if (customerId === null) customerId = await nextCustomerId(tx, scope.organizationId)
      else await checkCustomerIdFree(tx, scope.organizationId, customerId)
      const [row] = await tx.insert(contact).values({ ...values, organizationId: scope.organizationId, customerId }).returning()
      return row!
    })
  } catch (err) {
    return rethrowUnique(err, UNIQUE)
  }
}

/** PUT (`full`) or PATCH. A customer_id left out or null keeps the contact's number. */
export async function updateContact(db: Db, scope: CrmScope, id: number, body: ContactBody, full: boolean): Promise<Contact> {
  const values = toValues(scope, body, full)
  try {
    return await db.transaction(async (tx) => {
      const current = await getContact(tx, scope, id)
      const customerId = body.customer_id ?? null
      if (customerId !== null && customerId !== current.customerId) {
        await lockCustomerIds(tx, scope.organizationId)
        await checkCustomerIdFree(tx, scope.organizationId, customerId, id)
        values.customerId = customerId
      }
      const [row] = await tx.update(contact).set({ ...values, editDate: new Date() }).where(eq(contact.id, id)).returning()
      // Its reminders still to come say the new name, go to the new number, in the new language.
      for (const appointmentId of await upcomingAppointmentsOf(tx, row!.uuid)) await syncReminders(tx, appointmentId)
      return row!
    })
  } catch (err) {
    return rethrowUnique(err, UNIQUE)
  }
}

/** Its appointments lose their contact_uuid (the foreign key) and with it their reminders still to come. */
export async function deleteContact(db: Db, scope: CrmScope, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getContact(tx, scope, id)
    const upcoming = await upcomingAppointmentsOf(tx, current.uuid)
    await tx.delete(contact).where(eq(contact.id, current.id))
    for (const appointmentId of upcoming) await syncReminders(tx, appointmentId)
  })
}

function filters(scope: CrmScope, query: ContactQuery): SQL | undefined {
  const where: (SQL | undefined)[] = [eq(contact.organizationId, scope.organizationId)]
  if (query.search) {
    const pattern = `%${likeEscape(query.search.trim())}%`
    where.push(or(ilike(contact.firstName, pattern), ilike(contact.lastName, pattern)))
  }
  if (query.starts_with) {
    const pattern = `${likeEscape(query.starts_with.trim())}%`
    where.push(or(ilike(contact.firstName, pattern), ilike(contact.lastName, pattern)))
  }
  if (query.customer_id !== undefined) where.push(eq(contact.customerId, query.customer_id))
  const coreUser = optionalUuid('core_user_uuid', query.core_user_uuid)
  if (coreUser) where.push(eq(contact.coreUserUuid, coreUser))
  const contactType = choice('contact_type', query.contact_type, CONTACT_TYPES)
  if (contactType) where.push(eq(contact.contactType, contactType))
  const customerType = choice('customer_type', query.customer_type, CUSTOMER_TYPES)
  if (customerType) where.push(eq(contact.customerType, customerType))
  // `?workflowlevel2_uuids=a,b`: contacts that carry any of them, as in the original.
  const arrays = [
    ['workflowlevel1_uuids', contact.workflowlevel1Uuids],
    ['workflowlevel2_uuids', contact.workflowlevel2Uuids],
    ['siteprofile_uuids', contact.siteprofileUuids],
  ] as const
  for (const [field, column] of arrays) {
    const wanted = uuidQueryList(field, query[field])
    if (wanted && wanted.length > 0) where.push(arrayOverlaps(column, wanted))
  }
  return and(...where)
}

export async function listContacts(db: Db, scope: CrmScope, query: ContactQuery) {
  const where = filters(scope, query)
  const order = parseOrdering(query.ordering, ORDERING, ['first_name'])
  const limit = pageSize(query.limit, PAGE_SIZES.limitOffset)
  const offset = query.offset ?? 0
  const [total] = await db.select({ n: count() }).from(contact).where(where)
  const rows = await db.select().from(contact).where(where)
    .orderBy(...order.map(({ column, descending }) => (descending ? desc(column) : asc(column))), asc(contact.id))
    .limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows, limit, offset }
}
