import { index, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'

export const EMAIL_STATUSES = ['stored', 'sent', 'failed'] as const
export type EmailStatus = (typeof EMAIL_STATUSES)[number]

/**
 * Every e-mail Tocsin sends or would send. Without SMTP_URL this table is the outbox (status
 * `stored`) shown in the admin UI, so no mail is silently dropped; with SMTP it is the delivery log.
 */
export const emailMessage = pgTable(
  'email_message',
  {
    id: serial('id').primaryKey(),
    to: text('to').notNull(),
    from: text('from').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** the Message-ID header, so a duplicate (after a crash) is recognisable downstream */
    messageId: text('message_id').notNull(),
    status: text('status', { enum: EMAIL_STATUSES }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('email_message_created').on(t.createdAt)],
)

export type EmailMessage = typeof emailMessage.$inferSelect
