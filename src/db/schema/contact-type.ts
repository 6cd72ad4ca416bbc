import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'

/**
 * A contact type (the original's `contact.Type`): an organization's own, or global — seen by every
 * organization, changed only by its owner. Installation-wide types (no organization) are seeded.
 */
export const contactType = pgTable(
  'contact_type',
  {
    uuid: uuid('uuid').primaryKey().default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    /** null: installation-wide (seeded) */
    organizationId: integer('organization_id').references(() => organization.id, { onDelete: 'cascade' }),
    isGlobal: boolean('is_global').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contact_type_organization').on(t.organizationId),
    index('contact_type_global').on(t.isGlobal).where(sql`is_global`),
  ],
)

export type ContactType = typeof contactType.$inferSelect
