import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { users } from './user.js'

/** An editable IVR survey. Calls never run it directly: it is sealed first. */
export const survey = pgTable('survey', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  ttsLanguage: text('tts_language').notNull().default('en-US'),
  ttsVoice: text('tts_voice').notNull().default('Polly.Joanna'),
  /** the ivr/ SurveyDefinition JSON, validated on every write */
  definition: jsonb('definition').notNull(),
  /** the owning manager (or admin) */
  userId: integer('user_id').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('survey_user').on(t.userId)])

/** An immutable copy of a survey: what alarms, calendar settings and calls point at. */
export const sealedSurvey = pgTable('sealed_survey', {
  id: serial('id').primaryKey(),
  surveyId: integer('survey_id').references(() => survey.id, { onDelete: 'set null' }),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  ttsLanguage: text('tts_language').notNull(),
  ttsVoice: text('tts_voice').notNull(),
  definition: jsonb('definition').notNull(),
  /** null = built-in, shared with every manager */
  userId: integer('user_id').references(() => users.id),
  builtin: boolean('builtin').notNull().default(false),
  /** stable key of a built-in template (ivr/templates), for idempotent seeding */
  templateKey: text('template_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('sealed_survey_template_key').on(t.templateKey),
  index('sealed_survey_user').on(t.userId),
  // Built-in surveys belong to nobody; every other sealed survey has an owner.
  check('sealed_survey_builtin_owner', sql`${t.builtin} = (${t.userId} is null)`),
])

export type Survey = typeof survey.$inferSelect
export type SealedSurvey = typeof sealedSurvey.$inferSelect

/** One answer of one call: unique per call and node, so a replayed webhook cannot add a second. */
export const surveyResult = pgTable('survey_result', {
  id: serial('id').primaryKey(),
  callId: integer('call_id').notNull(),
  sealedSurveyId: integer('sealed_survey_id').notNull().references(() => sealedSurvey.id),
  nodeId: text('node_id').notNull(),
  response: text('response').notNull().default(''),
  recordingUrl: text('recording_url'),
  recordingDuration: integer('recording_duration'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('survey_result_call_node').on(t.callId, t.nodeId), index('survey_result_survey').on(t.sealedSurveyId)])
