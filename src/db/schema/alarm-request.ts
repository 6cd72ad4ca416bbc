import { index, integer, pgTable, serial, timestamp } from 'drizzle-orm/pg-core'
import { alarm } from './alarm.js'

/** One attempt of an alarm (a call, an SMS, an e-mail): the log integrators read. Never deleted. */
export const alarmRequest = pgTable('alarm_request', {
  id: serial('id').primaryKey(),
  alarmId: integer('alarm_id').notNull().references(() => alarm.id),
  date: timestamp('date', { withTimezone: true }).notNull().defaultNow(),
  /** ALARM_STATUS codes */
  status: integer('status').notNull().default(1),
  /** 0 none, 1 queued, 2 ringing, 3 in-progress, 4 completed, 5 busy, 6 failed, 7 no-answer, 8 canceled */
  callstatus: integer('callstatus').notNull().default(0),
  duration: integer('duration').notNull().default(0),
  /** the `call` row of this attempt; a plain integer until that table exists */
  callId: integer('call_id'),
  createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('alarm_request_alarm').on(t.alarmId), index('alarm_request_date').on(t.date)])

export type AlarmRequest = typeof alarmRequest.$inferSelect
