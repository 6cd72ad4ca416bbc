import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { appointment } from './appointment.js'

export const NOTIFICATION_STATUSES = ['draft', 'pending', 'sent', 'failed'] as const
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number]

/**
 * An e-mail about an appointment. It is sent by a job (crm/send-appointment-notification.ts),
 * never inside the request, at most once: `sent_at` is set in the transaction that sent it.
 */
export const appointmentNotification = pgTable(
  'appointment_notification',
  {
    id: serial('id').primaryKey(),
    appointmentId: integer('appointment_id').notNull().references(() => appointment.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull().default(''),
    message: text('message').notNull().default(''),
    /** left empty by the client: re-rendered from the template on every write and at sending time */
    subjectGenerated: boolean('subject_generated').notNull().default(false),
    messageGenerated: boolean('message_generated').notNull().default(false),
    recipient: text('recipient').notNull(),
    sendNotification: boolean('send_notification').notNull().default(false),
    /** not before this instant (null = as soon as possible) */
    sendAt: timestamp('send_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** draft (not requested), pending (queued or retrying), sent, failed (last attempt failed) */
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull().default('draft'),
    /** the last delivery error, kept until a later attempt succeeds */
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    orgPhone: text('org_phone').notNull().default(''),
    orgName: text('org_name').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('appointment_notification_appointment').on(t.appointmentId),
    index('appointment_notification_unsent').on(t.id).where(sql`sent_at is null and send_notification`),
  ],
)

export type AppointmentNotification = typeof appointmentNotification.$inferSelect
