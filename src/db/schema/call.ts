import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { gateway } from './gateway.js'
import { organization } from './organization.js'
import { sealedSurvey } from './survey.js'
import { users } from './user.js'

/** One line of a call's transcript: a prompt said, keys pressed, silence, a transfer. */
export interface TranscriptEntry {
  kind: 'say' | 'play' | 'press' | 'silence' | 'transfer' | 'hangup'
  text: string
}

/**
 * One provider call (a "call request" in the API). The IVR session lives in `ivrState`; every
 * webhook step runs under this row's lock. `seq` numbers the steps so a replayed callback is
 * recognised and answered with the TwiML it already got (`lastTwiml`) instead of running twice.
 */
export const call = pgTable('call', {
  id: serial('id').primaryKey(),
  organizationId: integer('organization_id').notNull().references(() => organization.id),
  /** who placed it (the manager, or the calendar user's manager for alarms) */
  userId: integer('user_id').notNull().references(() => users.id),
  gatewayId: integer('gateway_id').notNull().references(() => gateway.id),
  sealedSurveyId: integer('sealed_survey_id').notNull().references(() => sealedSurvey.id),
  /** the alarm attempt this call serves, if any (alarm_request.call_id points back) */
  alarmRequestId: integer('alarm_request_id'),
  /** the calendar of that alarm (null for call requests): its concurrency limit and its dialling line (dial-line.ts) */
  calendarId: integer('calendar_id'),
  providerSid: text('provider_sid').unique(),
  fromNumber: text('from_number').notNull(),
  toNumber: text('to_number').notNull(),
  /** Twilio's status string: queued, initiated, ringing, in-progress, completed, busy, failed, no-answer, canceled */
  status: text('status').notNull().default('queued'),
  /** the numeric code of `status` (docs/ARCHITECTURE.md "Status codes") */
  callstatus: integer('callstatus').notNull().default(1),
  answeredBy: text('answered_by'),
  /** 1 always, 2 human only, 3 voicemail only; null = no machine detection */
  amdBehavior: integer('amd_behavior'),
  ringTimeout: integer('ring_timeout').notNull().default(60),
  /** the IVR context: event data, transfer number, voice — what `ivr.step` is given with each input */
  context: jsonb('context').notNull().default({}),
  ivrState: jsonb('ivr_state'),
  seq: integer('seq').notNull().default(0),
  lastTwiml: text('last_twiml'),
  /** 0 none, 1 confirmed, 2 cancelled, 3 rescheduled */
  result: integer('result').notNull().default(0),
  transferredTo: text('transferred_to'),
  /** what the IVR said and what the callee pressed, step by step (dialer/transcript.ts) */
  transcript: jsonb('transcript').$type<TranscriptEntry[]>().notNull().default([]),
  /** set once the provider has been asked to dial: the guard against dialling an attempt twice */
  dialedAt: timestamp('dialed_at', { withTimezone: true }),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  duration: integer('duration').notNull().default(0),
  error: text('error'),
  /** the carrier's error code (Twilio's), when the carrier refused or failed the call: what its failure means is
   * read from it (dialer/carrier-errors.ts) */
  errorCode: integer('error_code'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('call_org').on(t.organizationId),
  index('call_open').on(t.callstatus, t.dialedAt),
  // Calls waiting to be dialled, in order: per gateway, and per line (dial-line.ts); a calendar's open calls (limits.ts).
  index('call_waiting').on(t.gatewayId, t.id).where(sql`dialed_at is null and callstatus = 1`),
  index('call_waiting_line').on(t.gatewayId, t.calendarId, t.id).where(sql`dialed_at is null and callstatus = 1`),
  index('call_calendar_open').on(t.calendarId).where(sql`dialed_at is not null and callstatus in (1, 2, 3)`),
])

export type Call = typeof call.$inferSelect
