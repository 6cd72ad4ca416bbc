import { Type } from 'typebox'
import { REMINDER_CHANNELS } from '../../db/schema/reminder-plan.js'
import { OrganizationQuery, Uuid } from './common.js'
import { Id, Int4 } from '../../kit/ids.js'
import { Nullable } from '../../kit/nullable.js'

const TAGS = '{first_name}, {last_name}, {clinic}, {doctor}, {appointment_date}, {appointment_time}, {address}'

export const ReminderStep = Type.Object({
  channel: Type.String({ enum: [...REMINDER_CHANNELS] }),
  offset_minutes: Type.Integer({
    minimum: 0, maximum: 525_600,
    description: "how long before the appointment's start the step is due; whole days (1440) on the appointment's wall clock, across a DST change too",
  }),
  only_if_unconfirmed: Type.Boolean({ description: 'checked when it is due: sent only while the appointment is unconfirmed (or unreachable)' }),
  survey: Nullable(Type.Integer({ description: "sealed survey a call runs; null = the reminders calendar setting's (the built-in appointment reminder)" })),
  template: Nullable(Type.String({ description: `SMS text or e-mail body; null = the built-in one in the contact's language. Tags: ${TAGS}` })),
  subject: Nullable(Type.String({ description: 'e-mail subject; null = the built-in one' })),
  max_retries: Type.Integer({ description: 'attempts after the first (busy, no answer, failed)' }),
  retry_delay: Type.Integer({ description: 'seconds between attempts' }),
})

export const ReminderPlan = Type.Object({
  uuid: Uuid(),
  url: Type.String(),
  name: Type.String(),
  is_default: Type.Boolean({ description: 'the plan of appointments that name none' }),
  steps: Type.Array(ReminderStep),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})

const StepInput = Type.Object({
  channel: Type.String({ description: REMINDER_CHANNELS.join(', ') }),
  offset_minutes: Type.Integer({ minimum: 0, maximum: 525_600 }),
  only_if_unconfirmed: Type.Optional(Nullable(Type.Boolean({ description: 'default false' }))),
  survey: Type.Optional(Nullable(Type.Union([Id(), Type.String()], { description: 'call steps: a sealed survey id or hyperlink' }))),
  template: Type.Optional(Nullable(Type.String({ maxLength: 1600, description: `sms and email steps. Tags: ${TAGS}` }))),
  subject: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'email steps' }))),
  max_retries: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10, description: 'default 2 for calls, 0 otherwise' }))),
  retry_delay: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 604_800, description: 'seconds; default 3600' }))),
})

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  is_default: Type.Boolean({ description: 'true makes it the default (the previous default stops being it); the default cannot be unset, only replaced' }),
  steps: Type.Array(StepInput, { maxItems: 10 }),
}

export const ReminderPlanWrite = Type.Object({ name: writable.name, is_default: Type.Optional(writable.is_default), steps: writable.steps })
export const ReminderPlanPatch = Type.Partial(Type.Object(writable))

export const ReminderPlanListQuery = Type.Object({
  ...OrganizationQuery,
  limit: Type.Optional(Id()),
  offset: Type.Optional(Int4()),
})

export const PlanParams = Type.Object({ uuid: Type.String({ description: 'the reminder plan UUID' }) })
