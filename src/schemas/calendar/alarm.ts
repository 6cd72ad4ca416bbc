import { Type } from 'typebox'
import { PageQuery } from '../../kit/pagination.js'
import { DateTimeIn, DateTimeOut, HyperlinkOut, LinkFilter, LinkIn, NullableLinkIn, NullableString } from './fields.js'
import { Nullable } from '../../kit/nullable.js'

export const Alarm = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  event: HyperlinkOut,
  method: Type.Integer({ description: '1 call, 2 sms, 3 email' }),
  date_start_notice: DateTimeOut,
  advance_notice: Type.Integer(),
  daily_start: Type.String(),
  daily_stop: Type.String(),
  maxretry: Type.Integer(),
  retry_delay: Type.Integer(),
  num_attempt: Type.Integer(),
  survey: Nullable(HyperlinkOut),
  sms_template: Nullable(Type.String()),
  mail_subject: Nullable(Type.String()),
  mail_text: Nullable(Type.String()),
  alarm_phonenumber: Nullable(Type.String()),
  alarm_email: Nullable(Type.String()),
  phonenumber_sms_failure: Nullable(Type.String()),
  phonenumber_transfer: Nullable(Type.String()),
  url_confirm: Nullable(Type.String()),
  url_cancel: Nullable(Type.String()),
  status: Type.Integer({ description: '1 pending, 2 in process, 3 failure, 4 retry, 5 success, 6 expired, 7 cancelled' }),
  result: Type.Integer({ description: '0 none, 1 confirmed, 2 cancelled, 3 rescheduled' }),
  failure_reason: Nullable(Type.String({ description: 'why its latest attempt failed, in words (e.g. "no voice gateway configured for calendar Mitte")' })),
  timezone: Type.String(),
  created_date: DateTimeOut,
  updated_date: DateTimeOut,
})

const Method = Type.Integer({ enum: [1, 2, 3], description: '1 call, 2 sms, 3 email' })
const phone = (what: string) => NullableString({ maxLength: 40, description: `${what}; E.164 (a national number is read in the organization's region)` })

const writable = {
  event: LinkIn('event'),
  method: Method,
  date_start_notice: DateTimeIn("the alarm's date (default: the event's start); without an offset, read in the event's zone"),
  advance_notice: Type.Integer({ minimum: 0, maximum: 31536000, description: 'seconds before date_start_notice to fire' }),
  daily_start: Type.String({ description: 'HH:MM:SS, in the alarm timezone' }),
  daily_stop: Type.String({ description: 'HH:MM:SS, in the alarm timezone; before daily_start = the window crosses midnight' }),
  maxretry: Type.Integer({ minimum: 0, maximum: 100 }),
  retry_delay: Type.Integer({ minimum: 0, maximum: 604800, description: 'seconds between attempts' }),
  survey: NullableLinkIn("sealed survey a call runs (default: the calendar setting's)"),
  sms_template: NullableString({ maxLength: 1600, description: 'text of an SMS alarm' }),
  mail_subject: NullableString({ maxLength: 200 }),
  mail_text: NullableString({ maxLength: 20000 }),
  alarm_phonenumber: phone('number called or texted'),
  alarm_email: NullableString({ maxLength: 254 }),
  phonenumber_sms_failure: phone('texted when every attempt failed'),
  phonenumber_transfer: phone('callee connected here to reschedule'),
  url_confirm: NullableString({ maxLength: 500, description: 'http(s) URL posted to on confirmation' }),
  url_cancel: NullableString({ maxLength: 500, description: 'http(s) URL posted to on cancellation' }),
  timezone: Type.String({ description: "the callee's IANA zone (default: the event's)" }),
}

export const AlarmPatch = Type.Partial(Type.Object(writable))
export const AlarmCreate = Type.Object({ ...AlarmPatch.properties, event: writable.event })

export const AlarmQuery = Type.Object({
  ...PageQuery.properties,
  event: LinkFilter('event'),
  status: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })),
  method: Type.Optional(Method),
})
