import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
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

/** A CRM contact (README, CRM API). `customer_id` is allocated per organization from 10001 (crm/contacts.ts). */
export const contact = pgTable(
  'contact',
  {
    id: serial('id').primaryKey(),
    uuid: uuid('uuid').notNull().unique().default(sql`gen_random_uuid()`),
    organizationId: integer('organization_id').notNull().references(() => organization.id, { onDelete: 'cascade' }),
    /** the identity-service user this contact extends (one contact per core user and organization) */
    coreUserUuid: uuid('core_user_uuid'),
    customerId: integer('customer_id').notNull(),
    firstName: text('first_name').notNull().default(''),
    middleName: text('middle_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    /** code: mr, ms, mrs, miss, family */
    title: text('title'),
    suffix: text('suffix').notNull().default(''),
    /** code: customer, supplier, producer, personnel */
    contactType: text('contact_type'),
    /** code: customer, company, public */
    customerType: text('customer_type'),
    company: text('company').notNull().default(''),
    addresses: jsonb('addresses').$type<ContactAddress[]>().notNull().default(sql`'[]'::jsonb`),
    siteprofileUuids: uuid('siteprofile_uuids').array().notNull().default(sql`'{}'::uuid[]`),
    emails: jsonb('emails').$type<ContactEmail[]>().notNull().default(sql`'[]'::jsonb`),
    /** numbers in E.164 */
    phones: jsonb('phones').$type<ContactPhone[]>().notNull().default(sql`'[]'::jsonb`),
    notes: text('notes').notNull().default(''),
    /** IANA zone the contact lives in (their reminders' calling window); null = the appointment's */
    timezone: text('timezone'),
    /** BCP 47 language reminders are worded in (`en`, `de`, `de-AT`); null = English */
    language: text('language'),
    workflowlevel1Uuids: uuid('workflowlevel1_uuids').array().notNull().default(sql`'{}'::uuid[]`),
    workflowlevel2Uuids: uuid('workflowlevel2_uuids').array().notNull().default(sql`'{}'::uuid[]`),
    createDate: timestamp('create_date', { withTimezone: true }).notNull().defaultNow(),
    editDate: timestamp('edit_date', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('unique_organization_customer_id').on(t.organizationId, t.customerId),
    uniqueIndex('unique_organization_core_user_uuid').on(t.organizationId, t.coreUserUuid).where(sql`core_user_uuid is not null`),
    index('contact_organization_first_name').on(t.organizationId, t.firstName),
    index('contact_workflowlevel2_uuids').using('gin', t.workflowlevel2Uuids),
    index('contact_siteprofile_uuids').using('gin', t.siteprofileUuids),
  ],
)

export type Contact = typeof contact.$inferSelect
export type NewContact = typeof contact.$inferInsert
