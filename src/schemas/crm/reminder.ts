import { Type } from 'typebox'
import { Nullable } from '../../kit/nullable.js'

const Line = Type.Object({
  kind: Type.String({ description: 'say, play, press, silence, transfer or hangup' }),
  text: Type.String(),
})

export const ReminderAttempt = Type.Object({
  attempt: Type.Integer({ description: '1 = the first' }),
  at: Type.String({ format: 'date-time' }),
  status: Type.String({ description: 'sending, succeeded, retry, failed or cancelled' }),
  failure_reason: Nullable(Type.String()),
  to: Nullable(Type.String()),
  call_status: Nullable(Type.String({ description: "calls: the carrier's status (completed, busy, no-answer, …)" })),
  transcript: Type.Array(Line, { description: 'calls: what was said and pressed, in order' }),
  answers: Type.Array(Type.Object({ node: Type.String(), response: Type.String() }), { description: 'calls: the survey answers stored' }),
  text: Nullable(Type.String({ description: 'SMS: the text sent' })),
  message_status: Nullable(Type.String({ description: 'SMS: its delivery status' })),
})

export const ReminderTimelineStep = Type.Object({
  step: Type.Integer({ description: 'index of the step in its plan' }),
  channel: Type.String(),
  offset_minutes: Type.Integer(),
  only_if_unconfirmed: Type.Boolean(),
  due: Type.String({ format: 'date-time', description: 'when it is (or was) due, in the appointment\'s zone' }),
  state: Type.String({ enum: ['scheduled', 'sending', 'answered', 'delivered', 'failed', 'skipped', 'cancelled'] }),
  reason: Nullable(Type.String({ description: 'why it was skipped, cancelled or failed (or why its last attempt failed)' })),
  attempts: Type.Integer(),
  result: Nullable(Type.String({ enum: ['confirmed', 'cancelled', 'reschedule_requested'] })),
  alarm: Nullable(Type.String({ description: 'the alarm that sends it (/rest-api/alarm/{id}/)' })),
  history: Type.Array(ReminderAttempt),
})

export const ReminderTimeline = Type.Object({
  appointment: Type.String(),
  confirmation_status: Type.String(),
  steps: Type.Array(ReminderTimelineStep),
})
