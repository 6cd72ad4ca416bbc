import { Type } from 'typebox'
import { Nullable } from '../kit/nullable.js'

export const CallAnswer = Type.Object({
  node: Type.String(),
  response: Type.String(),
  recording_url: Nullable(Type.String()),
  recording_duration: Nullable(Type.Integer()),
})

/** A call as the API shows it: provider status string and its code, timings, and the IVR answers. */
export const CallRequest = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  phone_number: Type.String(),
  callerid: Type.String(),
  survey: Type.String({ description: 'sealed survey hyperlink' }),
  gateway: Type.String({ description: 'gateway hyperlink' }),
  alarm_request: Nullable(Type.String()),
  status: Type.String({ description: 'queued, initiated, ringing, in-progress, completed, busy, failed, no-answer, canceled' }),
  callstatus: Type.Integer({ description: '0 none, 1 queued, 2 ringing, 3 in-progress, 4 completed, 5 busy, 6 failed, 7 no-answer, 8 canceled' }),
  answered_by: Nullable(Type.String()),
  result: Type.Integer({ description: '0 none, 1 confirmed, 2 cancelled, 3 rescheduled' }),
  transferred_to: Nullable(Type.String()),
  provider_sid: Nullable(Type.String()),
  duration: Type.Integer(),
  error: Nullable(Type.String()),
  created_date: Type.String(),
  dialed_date: Nullable(Type.String()),
  answered_date: Nullable(Type.String()),
  ended_date: Nullable(Type.String()),
  answers: Type.Array(CallAnswer),
  contact_hours: Type.Optional(Type.Object({
    timezone: Type.String({ description: "the callee's zone: their number's country's when it keeps one clock, else the organization's" }),
    start: Type.String(),
    end: Type.String(),
    within: Type.Boolean({ description: 'false: the call goes now all the same (it was asked for), outside the callee\'s contact hours' }),
    next_opening: Nullable(Type.String({ format: 'date-time' })),
  }, { description: 'in the answer to a create only: whether the call falls within the organization\'s contact hours on the callee\'s clock' })),
})

export const CallRequestCreate = Type.Object({
  phone_number: Type.String({ minLength: 1, maxLength: 40 }),
  survey: Type.Union([Type.String(), Type.Integer()], { description: 'sealed survey hyperlink or id' }),
  gateway: Type.Union([Type.String(), Type.Integer()], { description: 'gateway hyperlink or id' }),
  callerid: Type.Optional(Type.String({ maxLength: 40 })),
  data: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'values for the survey {tags}' })),
  amd_behavior: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3, description: '1 always, 2 human only, 3 voicemail only; omit for no machine detection' }))),
  timeout: Type.Optional(Type.Integer({ minimum: 5, maximum: 600, description: 'ring timeout in seconds (default 60)' })),
  phonenumber_transfer: Type.Optional(Type.String({ maxLength: 40 })),
})
