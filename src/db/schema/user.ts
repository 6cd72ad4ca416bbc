import { sql } from 'drizzle-orm'
import { boolean, integer, pgTable, serial, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { organization } from './organization.js'

export const ROLES = ['admin', 'manager', 'calendar_user'] as const
export type Role = (typeof ROLES)[number]

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    uuid: uuid('uuid').notNull().unique().default(sql`gen_random_uuid()`),
    username: text('username').notNull(),
    /** scrypt hash (see accounts/passwords.ts); never leaves the database layer */
    passwordHash: text('password_hash').notNull(),
    email: text('email').notNull().default(''),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    role: text('role', { enum: ROLES }).notNull().default('manager'),
    organizationId: integer('organization_id').notNull().references(() => organization.id),
    /** for calendar users: the manager who owns them */
    managerId: integer('manager_id').references((): AnyPgColumn => users.id),
    isActive: boolean('is_active').notNull().default(true),
    dateJoined: timestamp('date_joined', { withTimezone: true }).notNull().defaultNow(),
    lastLogin: timestamp('last_login', { withTimezone: true }),
  },
  (t) => [uniqueIndex('users_username_lower').on(sql`lower(${t.username})`)],
)

export type User = typeof users.$inferSelect
