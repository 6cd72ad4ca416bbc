import { boolean, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { gateway } from './gateway.js'
import { smsGateway } from './sms-gateway.js'
import { sealedSurvey } from './survey.js'
import { users } from './user.js'

/** Caller id, timeout, survey and gateways used for a manager's calendar users (the README's calendar walkthrough). */
export const calendarSetting = pgTable('calendar_setting', {
  id: serial('id').primaryKey(),
  label: text('label').notNull(),
  callerid: text('callerid'),
  callerName: text('caller_name').notNull().default(''),
  /** seconds the callee's phone rings before the attempt counts as no-answer */
  callTimeout: integer('call_timeout').notNull().default(60),
  /** the manager who owns it */
  userId: integer('user_id').notNull().references(() => users.id),
  surveyId: integer('survey_id').notNull().references(() => sealedSurvey.id),
  alegGatewayId: integer('aleg_gateway_id').notNull().references(() => gateway.id),
  smsGatewayId: integer('sms_gateway_id').references(() => smsGateway.id),
  voicemail: boolean('voicemail').notNull().default(false),
  /** 1 always, 2 human only, 3 voicemail only */
  amdBehavior: integer('amd_behavior').notNull().default(1),
  /** URL of the audio left on voicemail; null = the survey's message */
  voicemailAudiofile: text('voicemail_audiofile'),
  createdDate: timestamp('created_date', { withTimezone: true }).notNull().defaultNow(),
  updatedDate: timestamp('updated_date', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('calendar_setting_user').on(t.userId)])

export type CalendarSetting = typeof calendarSetting.$inferSelect
