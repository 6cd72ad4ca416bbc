import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { event } from './event.js'
import { sealedSurvey } from './survey.js'

// The codes are defined, with their labels, in src/codes/; re-exported here for the schema's readers.
export { ALARM_METHOD } from '../../codes/alarm-method.js'
export { ALARM_RESULT } from '../../codes/alarm-result.js'
export { ALARM_STATUS } from '../../codes/alarm-status.js'

/** How and when an event is announced (call, SMS or e-mail). Soft-deleted: its attempts stay readable. */
export const alarm = pgTable('alarm', {
  id: serial('id').primaryKey(),
  eventId: integer('event_id').notNull().references(() => event.id),
  /** 1 call, 2 sms, 3 email */
  method: integer('method').notNull().default(1),
  /** the alarm's date; it is due advance_notice seconds before */
  dateStartNotice: timestamp('date_start_notice', { withTimezone: true }).notNull(),
  advanceNotice: integer('advance_notice').notNull().default(0),
  /** window (HH:MM:SS, in `timezone`) in which the alarm may fire; may cross midnight */
  dailyStart: text('daily_start').notNull().default('00:00:00'),
  dailyStop: text('daily_stop').notNull().default('23:59:59'),
  maxretry: integer('maxretry').notNull().default(0),
  retryDelay: integer('retry_delay').notNull().default(0),
  numAttempt: integer('num_attempt').notNull().default(0),
  surveyId: integer('survey_id').references(() => sealedSurvey.id),
  smsTemplate: text('sms_template'),
  mailSubject: text('mail_subject'),
  mailText: text('mail_text'),
  alarmPhonenumber: text('alarm_phonenumber'),
  alarmEmail: text('alarm_email'),
  phonenumberSmsFailure: text('phonenumber_sms_failure'),
  phonenumberTransfer: text('phonenumber_transfer'),
  urlConfirm: text('url_confirm'),
  urlCancel: text('url_cancel'),
  status: integer('status').notNull().default(1),
  result: integer('result').notNull().default(0),
  /** the callee's IANA zone (daily window); default the event's */
  timezone: text('timezone').notNull(),
  createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
  updatedDate: timestamp('updated_date', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [index('alarm_event').on(t.eventId), index('alarm_status_date').on(t.status, t.dateStartNotice)])

export type Alarm = typeof alarm.$inferSelect
