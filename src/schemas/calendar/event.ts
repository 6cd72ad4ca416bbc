import { Type } from 'typebox'
import { PageQuery } from '../../kit/pagination.js'
import { DateTimeIn, DateTimeOut, HyperlinkOut, LinkFilter, LinkIn, NullableLinkIn, NullableString } from './fields.js'
import { Nullable } from '../../kit/nullable.js'

/** Seed 004 step 5's shape, plus id, timezone and updated_on. Times carry the event zone's offset. */
export const Event = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  title: Type.String(),
  description: Nullable(Type.String()),
  start: DateTimeOut,
  end: DateTimeOut,
  timezone: Type.String(),
  creator: HyperlinkOut,
  created_on: DateTimeOut,
  end_recurring_period: Nullable(DateTimeOut),
  rule: Nullable(HyperlinkOut),
  calendar: HyperlinkOut,
  notify_count: Type.Integer(),
  status: Type.Integer({ description: '1 pending, 2 completed, 3 paused' }),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
  parent_event: Nullable(HyperlinkOut),
  occ_count: Type.Integer(),
  updated_on: DateTimeOut,
})

const Status = Type.Integer({ enum: [1, 2, 3], description: '1 pending, 2 completed, 3 paused' })

const writable = {
  title: Type.String({ minLength: 1, maxLength: 255 }),
  description: NullableString({ maxLength: 10000 }),
  start: DateTimeIn(),
  end: DateTimeIn('date-time, not before start; without an offset, read in the event\'s time zone'),
  creator: LinkIn("calendar user (default: the calendar's owner)"),
  end_recurring_period: NullableString({ maxLength: 40, description: 'last moment an occurrence may start' }),
  rule: NullableLinkIn('recurrence rule'),
  calendar: LinkIn('calendar'),
  notify_count: Type.Integer({ minimum: 0, maximum: 2147483647 }),
  status: Status,
  data: Type.Unknown({ description: 'a JSON object, or a string holding one, or null (its keys are {tags} in the survey)' }),
  timezone: Type.String({ description: "IANA zone (default: the creator's profile zone)" }),
}

export const EventCreate = Type.Object({
  title: writable.title,
  calendar: writable.calendar,
  description: Type.Optional(writable.description),
  start: Type.Optional(writable.start),
  end: Type.Optional(writable.end),
  creator: Type.Optional(writable.creator),
  end_recurring_period: Type.Optional(writable.end_recurring_period),
  rule: Type.Optional(writable.rule),
  notify_count: Type.Optional(writable.notify_count),
  status: Type.Optional(writable.status),
  data: Type.Optional(writable.data),
  timezone: Type.Optional(writable.timezone),
})
export const EventPatch = Type.Partial(Type.Object(writable))

export const EventQuery = Type.Object({
  ...PageQuery.properties,
  calendar: LinkFilter('calendar'),
  creator: LinkFilter('calendar user'),
  parent_event: LinkFilter('root event'),
  status: Type.Optional(Status),
  start_from: Type.Optional(Type.String({ description: 'events starting at or after (naive = UTC)' })),
  start_to: Type.Optional(Type.String({ description: 'events starting before (naive = UTC)' })),
})

/** `get_list_child` items: the seed's fields, plus id, status and occ_count. */
export const EventChild = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  title: Type.String(),
  description: Nullable(Type.String()),
  start: DateTimeOut,
  end: DateTimeOut,
  status: Type.Integer(),
  occ_count: Type.Integer(),
})

export const StatusBody = Type.Object({ status: Status })
export const StatusUpdated = Type.Object({ status: Type.String({ description: '"event status has been updated"' }) })

export const OccurrencesQuery = Type.Object({
  start: Type.String({ description: "window start (inclusive); naive = the event's zone" }),
  end: Type.String({ description: "window end (exclusive); naive = the event's zone" }),
})
export const Occurrences = Type.Array(Type.Object({ start: DateTimeOut, end: DateTimeOut }), { maxItems: 1000 })
