import { index, integer, pgTable, timestamp } from 'drizzle-orm/pg-core'
import { alarm } from './alarm.js'

/**
 * The scheduler's plan for attempts due beyond its horizon (alarms/plan/plan.ts): at most one row per alarm, moved into
 * graphile-worker as the keyed `alarm:<id>` job once due_at comes within the horizon. graphile-worker wants a small
 * jobs table — a job lookup that finds nothing scans every future job — so a million future alarms wait here.
 */
export const alarmSchedule = pgTable('alarm_schedule', {
  alarmId: integer('alarm_id').primaryKey().references(() => alarm.id, { onDelete: 'cascade' }),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
}, (t) => [index('alarm_schedule_due').on(t.dueAt)])
