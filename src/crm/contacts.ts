import { and, arrayOverlaps, asc, count, desc, eq, ilike, inArray, max, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { contact, contactType, type Contact, type NewContact } from '../db/schema/index.js'
import { AppError, invalidField, notFound } from '../errors.js'
import { CUSTOMER_TYPES, TITLES, choice } from './choices.js'
import { checkAddresses, checkEmails, checkPhones } from './contact-entries.js'
import { resolveContactType } from './contact-types.js'
import { parseOrdering } from './ordering.js'
import { objectScope, type CrmScope } from './scope.js'
import { likeEscape, optionalUuid, uuidQueryList } from '../kit/values.js'
import { checkTimezone } from '../kit/validation.js'
import { syncReminders, upcomingAppointmentsOf } from './reminders/sync.js'
import { checkLanguage } from './reminders/wording.js'
import { PAGE_SIZES, pageSize } from '../kit/pagination.js'

/** What a client may write: the original serializer's fields, loosely typed so the service words the errors. */
export interface ContactBody {
  customer_id?: number | null
  first_name?: string | null
  middle_name?: string | null
  last_name?: string | null
  title?: string | null
  suffix?: string | null
  contact_type?: string | null
  customer_type?: string | null
  company?: string | null
  addresses?: unknown
  siteprofile_uuids?: unknown
  emails?: unknown
  phones?: unknown
  notes?: string | null
  workflowlevel1_uuids?: unknown
  workflowlevel2_uuids?: unknown
  /** Tocsin's: the zone and language of the contact's reminders (null: the organization's) */
  timezone?: string | null
  language?: string | null
}

export interface ContactQuery {
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

/** A contact with what it shows besides its own columns. */
export interface ContactView {
  row: Contact
  organizationUuid: string
  contactTypeName: string | null
}

export const FIRST_CUSTOMER_ID = 10001
/** pg_advisory_xact_lock(CUSTOMER_ID_LOCK, organization id) serialises customer_id writes per organization */
const CUSTOMER_ID_LOCK = 7_460_101

const ORDERING = {
  id: contact.id,
  uuid: contact.uuid,
  customer_id: contact.customerId,
  first_name: contact.firstName,
  middle_name: contact.middleName,
  last_name: contact.lastName,
  title: contact.title,
  suffix: contact.suffix,
  customer_type: contact.customerType,
  company: contact.company,
  create_date: contact.createDate,
  edit_date: contact.editDate,
}

function name(field: string, value: string | null | undefined): string {
  if (value === null) throw invalidField(field, 'This field may not be null.')
  if ((value ?? '').length > 50) throw invalidField(field, 'Ensure this field has no more than 50 characters.')
  return value ?? ''
}

/** Identifiers of the workflow service: strings of at most 36 characters (UUIDs in practice). */
function workflowIds(field: string, value: unknown, nullable: boolean): string[] | null {
  if (value === null) {
    if (nullable) return null
    throw invalidField(field, 'This field may not be null.')
  }
  if (!Array.isArray(value)) throw invalidField(field, 'Expected a list of items but got type "str".')
  return value.map((item) => {
    const text = typeof item === 'number' ? String(item) : item
    if (typeof text !== 'string') throw invalidField(field, 'Not a valid string.')
    if (text.length > 36) throw invalidField(field, 'Ensure this field has no more than 36 characters.')
    return text
  })
}

function siteprofiles(value: unknown): string[] | null {
  if (value === null || value === undefined) return null
  if (!Array.isArray(value)) throw invalidField('siteprofile_uuids', 'Expected a list of items but got type "str".')
  return value.map((item) => {
    const id = typeof item === 'string' ? optionalUuid('siteprofile_uuids', item) : null
    if (!id) throw invalidField('siteprofile_uuids', 'Must be a valid UUID.')
    return id
  })
}

/**
 * Body → column values, as the original's serializer reads it: the fields given are set, the
 * others left as they are (PUT is a partial update there too). `organization_uuid`,
 * `core_user_uuid` and the read-only fields are ignored: the caller's token decides those.
 */
async function toValues(tx: Tx, scope: CrmScope, body: ContactBody, creating: boolean): Promise<Partial<NewContact>> {
  const has = (key: keyof ContactBody) => body[key] !== undefined
  const v: Partial<NewContact> = {}
  if (has('first_name')) v.firstName = name('first_name', body.first_name)
  if (has('middle_name')) v.middleName = name('middle_name', body.middle_name)
  if (has('last_name')) v.lastName = name('last_name', body.last_name)
  if (has('suffix')) v.suffix = name('suffix', body.suffix)
  if (has('title')) v.title = choice('title', body.title, TITLES)
  if (has('customer_type')) v.customerType = choice('customer_type', body.customer_type, CUSTOMER_TYPES)
  if (has('company')) {
    if ((body.company ?? '').length > 100) throw invalidField('company', 'Ensure this field has no more than 100 characters.')
    v.company = body.company ?? null
  }
  if (has('contact_type')) v.contactTypeUuid = (await resolveContactType(tx, scope, body.contact_type))?.uuid ?? null
  if (has('addresses')) v.addresses = checkAddresses(body.addresses)
  if (has('emails')) v.emails = checkEmails(body.emails)
  if (has('phones')) v.phones = checkPhones(body.phones)
  if (has('notes')) v.notes = body.notes ?? null
  if (has('siteprofile_uuids')) v.siteprofileUuids = siteprofiles(body.siteprofile_uuids)
  if (has('workflowlevel1_uuids')) v.workflowlevel1Uuids = workflowIds('workflowlevel1_uuids', body.workflowlevel1_uuids, false)!
  else if (creating) throw invalidField('workflowlevel1_uuids', 'This field is required.')
  if (has('workflowlevel2_uuids')) v.workflowlevel2Uuids = workflowIds('workflowlevel2_uuids', body.workflowlevel2_uuids, true)
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
  return row?.top ? row.top + 1 : FIRST_CUSTOMER_ID
}

/**
 * A customer_id already used in the organization: 400, worded as the original's IntegrityError
 * handler answered (`{"cause": "duplicate key value violates unique constraint …"}`), with the field.
 */
async function checkCustomerIdFree(tx: Tx, scope: CrmScope, customerId: number, exceptId?: number): Promise<void> {
  const [taken] = await tx.select({ id: contact.id }).from(contact).where(and(
    eq(contact.organizationId, scope.organizationId),
    eq(contact.customerId, customerId),
    exceptId === undefined ? undefined : ne(contact.id, exceptId),
  ))
  if (!taken) return
  const problem = 'A contact with this customer_id already exists in this organization.'
  const cause = `duplicate key value violates unique constraint "unique_organization_customer_id"\nDETAIL:  Key (organization_uuid, customer_id)=(${scope.organizationUuid}, ${customerId}) already exists.\n`
  throw new AppError(400, 'invalid', `customer_id: ${problem}`, { customer_id: problem }, undefined, { customer_id: [problem], cause })
}

function checkCustomerId(value: number | null | undefined): number | null {
  if (value === null || value === undefined || value === 0) return null
  if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) throw invalidField('customer_id', 'A valid integer is required.')
  return value
}

/** Contacts with their organization's uuid and type name, in two queries. */
export async function withDetails(tx: Tx, rows: Contact[]): Promise<ContactView[]> {
  const typeUuids = [...new Set(rows.map((r) => r.contactTypeUuid).filter((u): u is string => u !== null))]
  const types = typeUuids.length === 0 ? [] : await tx.select().from(contactType).where(inArray(contactType.uuid, typeUuids))
  const orgIds = [...new Set(rows.map((r) => r.organizationId))]
  const orgs = orgIds.length === 0 ? [] : (await tx.execute<{ id: number; uuid: string }>(
    sql`select id, uuid from organization where id in (${sql.join(orgIds.map((id) => sql`${id}`), sql`, `)})`)).rows
  return rows.map((row) => ({
    row,
    organizationUuid: orgs.find((o) => o.id === row.organizationId)!.uuid,
    contactTypeName: types.find((t) => t.uuid === row.contactTypeUuid)?.name ?? null,
  }))
}

async function one(tx: Tx, row: Contact): Promise<ContactView> {
  return (await withDetails(tx, [row]))[0]!
}

/** A contact by id and the scope to act on it in: another organization's is 403 (a superuser's: allowed). */
async function reach(tx: Tx, scope: CrmScope, id: number, lock: boolean): Promise<{ row: Contact; scope: CrmScope }> {
  const query = tx.select().from(contact).where(eq(contact.id, id))
  const [row] = lock ? await query.for('update') : await query
  if (!row) throw notFound('Contact')
  return { row, scope: await objectScope(tx, scope, row.organizationId) }
}

export async function getContact(db: Db, scope: CrmScope, id: number): Promise<ContactView> {
  return one(db, (await reach(db, scope, id, false)).row)
}

/** A contact of the scope's organization by uuid, or undefined. */
export async function findContactByUuid(db: Tx, scope: CrmScope, uuid: string): Promise<Contact | undefined> {
  const [row] = await db.select().from(contact).where(and(eq(contact.uuid, uuid), eq(contact.organizationId, scope.organizationId)))
  return row
}

/** The caller becomes the contact's core user, as the original took it from the token. */
export async function createContact(db: Db, scope: CrmScope, body: ContactBody): Promise<ContactView> {
  return db.transaction(async (tx) => {
    const values = await toValues(tx, scope, body, true)
    await lockCustomerIds(tx, scope.organizationId)
    let customerId = checkCustomerId(body.customer_id)
    if (customerId === null) customerId = await nextCustomerId(tx, scope.organizationId)
    else await checkCustomerIdFree(tx, scope, customerId)
    const [row] = await tx.insert(contact).values({
      ...values,
      workflowlevel1Uuids: values.workflowlevel1Uuids!,
      organizationId: scope.organizationId,
      coreUserUuid: scope.principal.uuid,
      customerId,
    }).returning()
    return one(tx, row!)
  })
}

/** PUT and PATCH alike (the original forced partial updates). A null customer_id takes the next number, as there. */
export async function updateContact(db: Db, scope: CrmScope, id: number, body: ContactBody): Promise<ContactView> {
  return db.transaction(async (tx) => {
    const { row: current, scope: inScope } = await reach(tx, scope, id, true)
    const values = await toValues(tx, inScope, body, false)
    if (body.customer_id !== undefined) {
      const wanted = checkCustomerId(body.customer_id)
      if (wanted !== current.customerId) {
        await lockCustomerIds(tx, inScope.organizationId)
        if (wanted === null) values.customerId = await nextCustomerId(tx, inScope.organizationId)
        else {
          await checkCustomerIdFree(tx, inScope, wanted, id)
          values.customerId = wanted
        }
      }
    }
    const [row] = await tx.update(contact).set({ ...values, editDate: new Date() }).where(eq(contact.id, id)).returning()
    // Its reminders still to come say the new name, go to the new number, in the new language.
    for (const appointmentId of await upcomingAppointmentsOf(tx, row!.uuid)) await syncReminders(tx, appointmentId)
    return one(tx, row!)
  })
}

/**
 * Appointments keep the contact's uuid (a soft reference, as in the original); they stop showing it, and their
 * reminders still to come stop.
 */
export async function deleteContact(db: Db, scope: CrmScope, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { row } = await reach(tx, scope, id, true)
    const upcoming = await upcomingAppointmentsOf(tx, row.uuid)
    await tx.delete(contact).where(eq(contact.id, id))
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
  if (query.contact_type) {
    const wanted = query.contact_type.trim()
    where.push(optionalUuid('contact_type', wanted) === null ? undefined : eq(contact.contactTypeUuid, wanted.toLowerCase()))
  }
  const customerType = choice('customer_type', query.customer_type, CUSTOMER_TYPES)
  if (customerType) where.push(eq(contact.customerType, customerType))
  // `?workflowlevel2_uuids=a,b`: contacts that carry any of them, as in the original.
  for (const [field, column] of [['workflowlevel1_uuids', contact.workflowlevel1Uuids], ['workflowlevel2_uuids', contact.workflowlevel2Uuids]] as const) {
    const wanted = query[field]?.split(',').map((v) => v.trim()).filter(Boolean)
    if (wanted && wanted.length > 0) where.push(arrayOverlaps(column, wanted))
  }
  const sites = uuidQueryList('siteprofile_uuids', query.siteprofile_uuids)
  if (sites && sites.length > 0) where.push(arrayOverlaps(contact.siteprofileUuids, sites))
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
  return { count: total?.n ?? 0, views: await withDetails(db, rows), limit, offset }
}
