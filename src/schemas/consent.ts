import { Type } from 'typebox'
import { CONSENT_SOURCES, INBOUND_MATCH } from '../db/schema/index.js'
import { Nullable } from '../kit/nullable.js'
import { PageQuery } from '../kit/pagination.js'
import { StringEnum } from './common.js'

const E164 = '^\\+[1-9]\\d{5,14}$'
const Source = StringEnum(CONSENT_SOURCES, { description: 'sms (a STOP/START text), ivr (a keypress), admin, api, carrier (Twilio error 21610)' })
const At = Type.String({ format: 'date-time' })

export const ConsentChange = Type.Object({
  action: StringEnum(['opt-out', 'opt-in'] as const),
  source: Source,
  keyword: Nullable(Type.String({ description: 'the word texted (STOP, REVOKE, START…)' })),
  message: Nullable(Type.String({ description: 'hyperlink to the inbound text that carried it' })),
  user: Nullable(Type.String({ description: 'hyperlink to the user who made it (api, admin)' })),
  reason: Type.String(),
  created_at: At,
})

export const DoNotContactEntry = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  phone_number: Type.String({ description: 'E.164' }),
  reason: Type.String(),
  source: Source,
  keyword: Nullable(Type.String()),
  message: Nullable(Type.String({ description: 'hyperlink to the inbound text that opted the number out' })),
  created_at: At,
  history: Type.Array(ConsentChange, { description: 'every change of this number\'s consent, oldest first' }),
})

export const DoNotContactCreate = Type.Object({
  phone_number: Type.String({ minLength: 1, maxLength: 50, description: 'a phone number (a national one is read in the organization\'s region)' }),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
})

export const DoNotContactQuery = Type.Object({
  ...PageQuery.properties,
  phone_number: Type.Optional(Type.String({ pattern: E164, description: 'E.164, e.g. +15551234567: only this number\'s entry' })),
})

const MATCHES = Object.values(INBOUND_MATCH)

export const SmsMessageOut = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  direction: StringEnum(['inbound', 'outbound'] as const),
  from_number: Type.String(),
  to_number: Type.String(),
  body: Type.String(),
  status: Type.String({ description: 'queued, sending, sent, delivered, undelivered, failed, blocked; received for inbound texts' }),
  matched: Nullable(StringEnum(MATCHES, {
    description: 'what an inbound text was read as: opt-out, opt-in, help, reply (applied to alarm_request), unmatched (an answer with no reminder waiting), other',
  })),
  alarm_request: Nullable(Type.String({ description: 'hyperlink to the attempt it belongs to (outbound) or answered (inbound)' })),
  provider_sid: Nullable(Type.String()),
  error_code: Nullable(Type.String()),
  error: Nullable(Type.String()),
  created_at: At,
})

export const SmsMessageQuery = Type.Object({
  ...PageQuery.properties,
  direction: Type.Optional(StringEnum(['inbound', 'outbound'] as const)),
  phone_number: Type.Optional(Type.String({ pattern: E164, description: 'E.164: texts from or to this number' })),
  matched: Type.Optional(StringEnum(MATCHES)),
})
