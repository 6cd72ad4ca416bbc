import { sql } from 'drizzle-orm'
import { pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core'

export const organization = pgTable('organization', {
  id: serial('id').primaryKey(),
  uuid: uuid('uuid').notNull().unique().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  phone: text('phone').notNull().default(''),
  /** IANA zone: default for appointments, calendar users and events of this organization */
  timezone: text('timezone').notNull().default('UTC'),
  /** ISO 3166 region used to read phone numbers written without a country code */
  defaultRegion: text('default_region').notNull().default('US'),
  /** language of the texts Tocsin writes for it (appointment e-mails): de or en */
  language: text('language').notNull().default('en'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

export type Organization = typeof organization.$inferSelect
