import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'

export const REMINDER_CHANNELS = ['call', 'sms', 'email'] as const
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number]

/** One step of a plan, as stored (the API's shape; checked by crm/reminders/plans.ts on every write). */
export interface ReminderStep {
  channel: ReminderChannel
  /** how long before the appointment's start the step is due */
  offset_minutes: number
  /** checked when the step is due: sent only while the appointment is unconfirmed (or unreachable) */
  only_if_unconfirmed: boolean
  /** sealed survey a call runs; null = the reminders calendar setting's (the built-in appointment reminder) */
  survey: number | null
  /** text of an SMS or the body of an e-mail with {tags}; null = the built-in text in the contact's language */
  template: string | null
  /** e-mail subject with {tags}; null = the built-in one */
  subject: string | null
  /** attempts after the first when a call is busy, not answered or fails */
  max_retries: number
  /** seconds between attempts */
  retry_delay: number
}

/** How an organization's appointments remind themselves: steps before the start, on a channel each. */
export const reminderPlan = pgTable('reminder_plan', {
  id: serial('id').primaryKey(),
  uuid: uuid('uuid').notNull().unique().default(sql`gen_random_uuid()`),
  organizationId: integer('organization_id').notNull().references(() => organization.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  /** the plan of appointments that name none; exactly one per organization once it has plans */
  isDefault: boolean('is_default').notNull().default(false),
  steps: jsonb('steps').$type<ReminderStep[]>().notNull().default(sql`'[]'::jsonb`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('reminder_plan_organization').on(t.organizationId),
  uniqueIndex('reminder_plan_one_default').on(t.organizationId).where(sql`is_default`),
])

export type ReminderPlan = typeof reminderPlan.$inferSelect
