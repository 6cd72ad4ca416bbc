import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, serial, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { contact } from './contact.js'
import { event } from './event.js'
import { organization } from './organization.js'
import { reminderPlan } from './reminder-plan.js'

/** What the patient answered to the reminders (or that they could not be reached); written by the reminders only. */
export const CONFIRMATION_STATUSES = ['unconfirmed', 'confirmed', 'cancelled', 'reschedule_requested', 'unreachable', 'opted_out'] as const
export type ConfirmationStatus = (typeof CONFIRMATION_STATUSES)[number]

/** A CRM appointment (README, CRM API), looked up by uuid in the API. */
export const appointment = pgTable(
  'appointment',
  {
    id: serial('id').primaryKey(),
    uuid: uuid('uuid').notNull().unique().default(sql`gen_random_uuid()`),
    organizationId: integer('organization_id').notNull().references(() => organization.id, { onDelete: 'cascade' }),
    /** uuid of the user who created it (for a JWT caller: its core_user_uuid) */
    owner: uuid('owner').notNull(),
    name: text('name').notNull().default(''),
    startDate: timestamp('start_date', { withTimezone: true }).notNull(),
    endDate: timestamp('end_date', { withTimezone: true }).notNull(),
    type: text('type').array().notNull(),
    address: text('address').notNull().default(''),
    siteprofileUuid: uuid('siteprofile_uuid'),
    inviteeUuids: uuid('invitee_uuids').array().notNull().default(sql`'{}'::uuid[]`),
    workflowlevel2Uuids: uuid('workflowlevel2_uuids').array().notNull().default(sql`'{}'::uuid[]`),
    /** a contact of the same organization (checked by the service); deleting the contact clears it */
    contactUuid: uuid('contact_uuid').references(() => contact.uuid, { onDelete: 'set null' }),
    summary: text('summary').notNull().default(''),
    /** IANA zone of the venue: naive input times are read in it, output times and e-mails use it */
    timezone: text('timezone').notNull(),
    /** null = the organization's default plan */
    reminderPlanId: integer('reminder_plan_id').references((): AnyPgColumn => reminderPlan.id, { onDelete: 'set null' }),
    remindersEnabled: boolean('reminders_enabled').notNull().default(true),
    /** the event its reminder steps are alarms of (crm/reminders/reminder-calendar.ts), made with the first step */
    reminderEventId: integer('reminder_event_id').references((): AnyPgColumn => event.id),
    confirmationStatus: text('confirmation_status').$type<ConfirmationStatus>().notNull().default('unconfirmed'),
    confirmationChangedAt: timestamp('confirmation_changed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('appointment_start_not_after_end', sql`${t.startDate} <= ${t.endDate}`),
    check('appointment_type_not_empty', sql`cardinality(${t.type}) > 0`),
    index('appointment_organization_start').on(t.organizationId, t.startDate),
    index('appointment_contact_uuid').on(t.contactUuid),
    index('appointment_owner').on(t.owner),
    index('appointment_invitee_uuids').using('gin', t.inviteeUuids),
    index('appointment_workflowlevel2_uuids').using('gin', t.workflowlevel2Uuids),
  ],
)

export type Appointment = typeof appointment.$inferSelect
export type NewAppointment = typeof appointment.$inferInsert
