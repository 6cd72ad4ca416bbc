import { Type } from 'typebox'
import { DateTimeOut, HyperlinkOut, LinkFilter, LinkIn } from './fields.js'
import { PageQuery } from '../../kit/pagination.js'

export const Calendar = Type.Object({
  url: Type.String(),
  id: Type.Integer(),
  name: Type.String(),
  user: HyperlinkOut,
  max_concurrent: Type.Integer(),
  created_date: DateTimeOut,
})

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  user: LinkIn('calendar user'),
  max_concurrent: Type.Integer({ minimum: 0, maximum: 100000, description: 'calls of this calendar at once; 0 = unlimited' }),
}

export const CalendarCreate = Type.Object({
  name: writable.name,
  user: Type.Optional(writable.user),
  max_concurrent: Type.Optional(writable.max_concurrent),
})
export const CalendarPatch = Type.Partial(Type.Object(writable))
export const CalendarQuery = Type.Object({ ...PageQuery.properties, user: LinkFilter('calendar user') })
