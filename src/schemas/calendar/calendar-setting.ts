import { Type } from 'typebox'
import { DateTimeOut, HyperlinkOut, LinkIn, NullableLinkIn, NullableString } from './fields.js'
import { Nullable } from '../../kit/nullable.js'

export const CalendarSetting = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  user: Type.String({ description: "the owning manager's username" }),
  label: Type.String(),
  callerid: Nullable(Type.String()),
  caller_name: Type.String(),
  call_timeout: Type.Integer(),
  survey: HyperlinkOut,
  aleg_gateway: HyperlinkOut,
  sms_gateway: Nullable(HyperlinkOut),
  voicemail: Type.Boolean(),
  amd_behavior: Type.Integer(),
  voicemail_audiofile: Nullable(Type.String()),
  created_date: DateTimeOut,
  updated_date: DateTimeOut,
})

const writable = {
  label: Type.String({ minLength: 1, maxLength: 80 }),
  callerid: NullableString({ maxLength: 80, description: 'caller id number' }),
  caller_name: Type.String({ maxLength: 80 }),
  call_timeout: Type.Integer({ minimum: 1, maximum: 600, description: 'seconds of ringing before no-answer' }),
  user: NullableLinkIn('owning manager (an admin may name one; a manager owns what they create)'),
  survey: LinkIn('sealed survey'),
  aleg_gateway: LinkIn('voice gateway'),
  sms_gateway: NullableLinkIn('SMS gateway'),
  voicemail: Type.Boolean({ description: 'answering-machine detection on' }),
  amd_behavior: Type.Integer({ enum: [1, 2, 3], description: '1 always, 2 human only, 3 voicemail only' }),
  voicemail_audiofile: NullableString({ maxLength: 500, description: 'http(s) URL of the audio left on voicemail' }),
}

export const CalendarSettingCreate = Type.Object({
  label: writable.label,
  survey: writable.survey,
  aleg_gateway: writable.aleg_gateway,
  callerid: Type.Optional(writable.callerid),
  caller_name: Type.Optional(writable.caller_name),
  call_timeout: Type.Optional(writable.call_timeout),
  user: Type.Optional(writable.user),
  sms_gateway: Type.Optional(writable.sms_gateway),
  voicemail: Type.Optional(writable.voicemail),
  amd_behavior: Type.Optional(writable.amd_behavior),
  voicemail_audiofile: Type.Optional(writable.voicemail_audiofile),
})
export const CalendarSettingPatch = Type.Partial(Type.Object(writable))
