import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { alarm } from './alarm.js'

/**
 * Why an attempt did not succeed, as stored in alarm_request.reason: the first group stops the attempt before any
 * call or text leaves (nothing reached the patient), the second is what the carrier or mail server reported.
 */
export const ATTEMPT_REASON = {
  doNotContact: 'do-not-contact',
  noCalendar: 'no-calendar',
  incompleteAlarm: 'incomplete-alarm',
  noCalendarSetting: 'no-calendar-setting',
  noGateway: 'no-gateway',
  gatewayInactive: 'gateway-inactive',
  noSurvey: 'no-survey',
  noCallerId: 'no-caller-id',
  busy: 'busy',
  noAnswer: 'no-answer',
  machine: 'machine',
  callFailed: 'call-failed',
  callCanceled: 'call-canceled',
  smsFailed: 'sms-failed',
  mailFailed: 'mail-failed',
  noSmsGateway: 'no-sms-gateway',
  /** a survey or text uses a {tag} that has no value: nothing is sent rather than a sentence with a blank */
  missingTag: 'missing-tag',
  // What the carrier's error code says cannot change by trying again (dialer/carrier-errors.ts): a number that does
  // not exist or may not be called, a caller ID the account may not use; and a number that opted out (at the carrier,
  // or by a STOP text or keypress while the alarm waited).
  carrierPermanent: 'carrier-permanent',
  optedOut: 'opted-out',
  /** the attempt could only have gone out after its event (or its expiry): contact hours kept it back (alarms/contact-hours.ts) */
  outsideContactHours: 'outside-contact-hours',
  /** the call's create request got no clear answer and the carrier's call list never showed the call */
  notPlaced: 'not-placed',
  /** a text still queued at the carrier when it stopped being useful (its validity period passed) */
  smsExpired: 'sms-expired',
} as const
export type AttemptReason = (typeof ATTEMPT_REASON)[keyof typeof ATTEMPT_REASON]

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
  /** set when the attempt failed: an ATTEMPT_REASON code, and the details (carrier error, missing field…) */
  reason: text('reason').$type<AttemptReason>(),
  reasonDetail: text('reason_detail'),
  /** set when the attempt failed and another is planned: when that one is due */
  retryAt: timestamp('retry_at', { withTimezone: true }),
  createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('alarm_request_alarm').on(t.alarmId), index('alarm_request_date').on(t.date)])

export type AlarmRequest = typeof alarmRequest.$inferSelect
