import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { contactType } from './contact-type.js'
import { organization } from './organization.js'

/** Entries of the typed JSON arrays; `type` is optional, as in the original service. */
export interface ContactAddress {
  type?: string
  street?: string
  house_number?: string
  postal_code?: string
  city?: string
  country?: string
}
export interface ContactEmail { type?: string; email: string }
export interface ContactPhone { type?: string; number: string }

/**
 * A CRM contact (README, CRM API), as the original's `contact.Contact`: `customer_id` is allocated per organization
 * from 10001 (crm/contacts.ts); nullable columns are null until a client sets them, as there, so the API answers
 * `null` where the original did.
 */
export const contact = pgTable(
  'contact',
  {
    id: serial('id').primaryKey(),
    uuid: uuid('uuid').notNull().unique().default(sql`gen_random_uuid()`),
    organizationId: integer('organization_id').notNull().references(() => organization.id, { onDelete: 'cascade' }),
    /** the identity-service user who created it (from the caller's token; not shown in the API, as in the original) */
    coreUserUuid: uuid('core_user_uuid'),
    customerId: integer('customer_id').notNull(),
    firstName: text('first_name').notNull().default(''),
    middleName: text('middle_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    /** code: mr, ms, mrs, miss, family */
    title: text('title'),
    suffix: text('suffix').notNull().default(''),
    contactTypeUuid: uuid('contact_type_uuid').references(() => contactType.uuid, { onDelete: 'set null' }),
    /** code: customer, contact, company, public */
    customerType: text('customer_type'),
    company: text('company'),
    addresses: jsonb('addresses').$type<ContactAddress[]>(),
    siteprofileUuids: uuid('siteprofile_uuids').array(),
    emails: jsonb('emails').$type<ContactEmail[]>(),
    /** numbers as written (3–20 characters), as the original kept them */
    phones: jsonb('phones').$type<ContactPhone[]>(),
    notes: text('notes'),
    /** identifiers of the workflow service, up to 36 characters each (UUIDs in practice) */
    workflowlevel1Uuids: text('workflowlevel1_uuids').array().notNull(),
    workflowlevel2Uuids: text('workflowlevel2_uuids').array(),
    /** IANA zone the contact lives in (their reminders' calling window); null = the appointment's */
    timezone: text('timezone'),
    /** BCP 47 language reminders are worded in (`en`, `de`, `de-AT`); null = English */
    language: text('language'),
    createDate: timestamp('create_date', { withTimezone: true }).notNull().defaultNow(),
    editDate: timestamp('edit_date', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('unique_organization_customer_id').on(t.organizationId, t.customerId),
    index('contact_organization_first_name').on(t.organizationId, t.firstName),
    index('contact_workflowlevel1_uuids').using('gin', t.workflowlevel1Uuids),
    index('contact_workflowlevel2_uuids').using('gin', t.workflowlevel2Uuids),
    index('contact_siteprofile_uuids').using('gin', t.siteprofileUuids),
  ],
)

export type Contact = typeof contact.$inferSelect
export type NewContact = typeof contact.$inferInsert
