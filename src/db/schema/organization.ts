import { sql } from 'drizzle-orm'
import { boolean, integer, pgTable, serial, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { calendar } from './calendar.js'

export const organization = pgTable('organization', {
  id: serial('id').primaryKey(),
  uuid: uuid('uuid').notNull().unique().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  phone: text('phone').notNull().default(''),
  /** E.164 number a reminder call transfers a patient to who wants a new time; null = none (they are told so) */
  receptionPhone: text('reception_phone'),
  /** the calendar its appointments' reminders are alarms of (crm/reminders/reminder-calendar.ts), made on first use */
  reminderCalendarId: integer('reminder_calendar_id').references((): AnyPgColumn => calendar.id),
  /** IANA zone: default for appointments, calendar users and events of this organization */
  timezone: text('timezone').notNull().default('UTC'),
  /** ISO 3166 region used to read phone numbers written without a country code */
  defaultRegion: text('default_region').notNull().default('US'),
  /** language of the texts Tocsin writes for it (appointment e-mails): de or en */
  language: text('language').notNull().default('en'),
  /**
   * Contact hours (HH:MM, in each callee's own zone) outside which no scheduled call or text goes out: it waits for the
   * next opening (alarms/contact-hours.ts). 00:00–24:00 = always.
   */
  contactHoursStart: text('contact_hours_start').notNull().default('08:00'),
  contactHoursEnd: text('contact_hours_end').notNull().default('21:00'),
  /**
   * Whether an appointment created without `reminders_enabled` gets reminders. Off for an organization first seen
   * through an identity-service token: its clients predate reminders, so they start when the clinic turns them on.
   */
  remindersByDefault: boolean('reminders_by_default').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

export type Organization = typeof organization.$inferSelect
