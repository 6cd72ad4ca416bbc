import { sql } from 'drizzle-orm'
import { check, index, integer, numeric, pgTable, smallint, timestamp, uuid } from 'drizzle-orm/pg-core'
import { appointment } from './appointment.js'

/** A drive to an appointment (the original's AppointmentDrivingTime): distance and minutes. */
export const appointmentDrivingTime = pgTable(
  'appointment_driving_time',
  {
    uuid: uuid('uuid').primaryKey().default(sql`gen_random_uuid()`),
    appointmentId: integer('appointment_id').notNull().references(() => appointment.id, { onDelete: 'cascade' }),
    /** in the organization's unit, e.g. km; two decimals, as the original's decimal(5,2) */
    distance: numeric('distance', { precision: 5, scale: 2 }).notNull(),
    /** minutes */
    time: smallint('time').notNull(),
    timePoint: timestamp('time_point', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('appointment_driving_time_time', sql`${t.time} >= 0`),
    index('appointment_driving_time_appointment').on(t.appointmentId),
  ],
)

export type AppointmentDrivingTime = typeof appointmentDrivingTime.$inferSelect
