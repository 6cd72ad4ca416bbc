import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'
import { users } from './user.js'

/** What people changed through the admin UI. */
export const AUDIT_ACTION = {
  doNotContactAdded: 'do-not-contact.add',
  doNotContactRemoved: 'do-not-contact.remove',
  alarmCancelled: 'alarm.cancel',
  alarmTriedNow: 'alarm.try-now',
  appointmentConfirmed: 'appointment.confirm',
  appointmentCancelled: 'appointment.cancel',
  appointmentRemindersChanged: 'appointment.reminders',
  reminderPlanCreated: 'reminder-plan.create',
  reminderPlanChanged: 'reminder-plan.update',
  remindersByDefaultChanged: 'organization.reminders-by-default',
} as const
export type AuditAction = (typeof AUDIT_ACTION)[keyof typeof AUDIT_ACTION]

/**
 * The admin UI's audit trail: who did what, to what, and when. Written in the transaction of the change it
 * records, so a change and its entry exist together or not at all. The username is copied so the entry stays
 * readable after the user is renamed.
 */
export const adminAudit = pgTable('admin_audit', {
  id: serial('id').primaryKey(),
  organizationId: integer('organization_id').notNull().references(() => organization.id),
  userId: integer('user_id').notNull().references(() => users.id),
  username: text('username').notNull(),
  action: text('action').$type<AuditAction>().notNull(),
  /** what was changed, e.g. "alarm" and its id, or "do-not-contact" and the number */
  targetType: text('target_type').notNull(),
  targetId: text('target_id').notNull(),
  /** the values that matter to a later reader (reason given, previous status…) */
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('admin_audit_org_created').on(t.organizationId, t.createdAt)])

export type AdminAudit = typeof adminAudit.$inferSelect
