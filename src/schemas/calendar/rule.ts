import { Type } from 'typebox'
import { DateTimeOut, NullableLinkIn, NullableString } from './fields.js'
import { Nullable } from '../../kit/nullable.js'

export const Rule = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  frequency: Type.String(),
  params: Type.String({ description: 'Newfies form, e.g. count:10;byweekday:0,1,2,3,4' }),
  rrule: Type.String({ description: 'RFC 5545, e.g. FREQ=WEEKLY;COUNT=10;BYDAY=MO,TU,WE,TH,FR' }),
  organization: Nullable(Type.String({ description: 'hyperlink to the organization it belongs to; null = a system rule, usable by every organization' })),
  user: Nullable(Type.String({ description: 'hyperlink to the owning manager; null = shared with every manager of its organization' })),
  created_date: DateTimeOut,
  updated_date: DateTimeOut,
})

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 2000 }),
  frequency: Type.String({ maxLength: 20, description: 'YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY or SECONDLY' }),
  params: NullableString({ maxLength: 1000, description: 'key:v1,v2;key2:v (python-dateutil names)' }),
  rrule: NullableString({ maxLength: 1000, description: 'RFC 5545 RRULE; replaces frequency and params' }),
  user: NullableLinkIn("owning manager (admins only; omitted = shared with the admin's organization)"),
}

export const RuleCreate = Type.Object({
  name: writable.name,
  description: Type.Optional(writable.description),
  frequency: Type.Optional(writable.frequency),
  params: Type.Optional(writable.params),
  rrule: Type.Optional(writable.rrule),
  user: Type.Optional(writable.user),
})
export const RulePatch = Type.Partial(Type.Object(writable))
