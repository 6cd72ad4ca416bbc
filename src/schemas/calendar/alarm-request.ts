import { Type } from 'typebox'
import { PageQuery } from '../../kit/pagination.js'
import { DateTimeOut, HyperlinkOut, LinkFilter, } from './fields.js'
import { Nullable } from '../../kit/nullable.js'

export const AlarmRequest = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  alarm: HyperlinkOut,
  event: HyperlinkOut,
  date: DateTimeOut,
  status: Type.Integer({ description: '1 pending, 2 in process, 3 failure, 4 retry, 5 success, 6 expired, 7 cancelled' }),
  callstatus: Type.Integer({ description: '0 none, 1 queued, 2 ringing, 3 in-progress, 4 completed, 5 busy, 6 failed, 7 no-answer, 8 canceled' }),
  duration: Type.Integer({ description: 'seconds' }),
  callrequest: Nullable(Type.String({ description: 'hyperlink to the call (/rest-api/callrequest/{id}/)' })),
  reason: Nullable(Type.String({ description: 'why it failed: a code (busy, no-answer, no-gateway, missing-tag, do-not-contact, …)' })),
  failure_reason: Nullable(Type.String({ description: 'the same in words, with the details (where something is missing, what the carrier said)' })),
  retry_at: Nullable(Type.String({ format: 'date-time', description: 'when the next attempt is due, if one was planned' })),
  created_date: DateTimeOut,
})

export const AlarmRequestQuery = Type.Object({
  ...PageQuery.properties,
  alarm: LinkFilter('alarm'),
  event: LinkFilter('event'),
  status: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })),
  date_from: Type.Optional(Type.String({ description: 'attempts at or after this date-time (naive = UTC)' })),
  date_to: Type.Optional(Type.String({ description: 'attempts at or before this date-time (naive = UTC)' })),
})

/**
 * Seed 004 step 8: `{"event-url": …, "event-5": {"alarm-23": {"url": …, "alarm-request-48": {…}}}}`,
 * keys built from ids, leaf values strings as in the seed.
 */
export const NestedAlarmRequests = Type.Object({ 'event-url': HyperlinkOut }, { additionalProperties: true })
