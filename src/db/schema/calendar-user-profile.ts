import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { calendarSetting } from './calendar-setting.js'
import { users } from './user.js'

/**
 * What makes a user a calendar user (the README's calendar walkthrough): the manager owning them and the calendar
 * setting their alarms use. Soft-deleted (deleted_at) when the user still owns history.
 */
export const calendarUserProfile = pgTable('calendar_user_profile', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  managerId: integer('manager_id').notNull().references(() => users.id),
  /** null only while the manager has no calendar setting yet */
  calendarSettingId: integer('calendar_setting_id').references(() => calendarSetting.id),
  accountcode: integer('accountcode'),
  address: text('address'),
  city: text('city'),
  state: text('state'),
  /** ISO 3166 alpha-2, '' = unknown */
  country: text('country').notNull().default(''),
  zipCode: text('zip_code'),
  phoneNo: text('phone_no'),
  fax: text('fax'),
  companyName: text('company_name'),
  companyWebsite: text('company_website'),
  language: text('language'),
  note: text('note'),
  /** IANA zone naive event times are read in; set from the organization's at creation */
  timezone: text('timezone').notNull(),
  createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
  updatedDate: timestamp('updated_date', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('calendar_user_profile_user').on(t.userId),
  index('calendar_user_profile_manager').on(t.managerId),
  index('calendar_user_profile_setting').on(t.calendarSettingId),
])

export type CalendarUserProfile = typeof calendarUserProfile.$inferSelect
