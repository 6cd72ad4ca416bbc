import { and, arrayContains, asc, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { appointment, type Appointment } from '../db/schema/index.js'
import { filterError, invalidField } from '../errors.js'
import { withDetails } from './appointments.js'
import { beyond, decodeCursor, encodeCursor, type KeyTerm } from '../kit/cursor.js'
import { startOfDay } from '../kit/date-time.js'
import { parseOrdering } from './ordering.js'
import type { CrmScope } from './scope.js'
import { checkUuid, isUuid } from '../kit/values.js'

export interface AppointmentQuery {
  page_size?: number
  cursor?: string
  ordering?: string
  contact_uuid?: string
  owner?: string
  invitee?: string
  workflowlevel2_uuid?: string
  siteprofile_uuid?: string
  start_date_gte?: string
  start_date_lte?: string
}

export const DEFAULT_PAGE_SIZE = 30
export const MAX_PAGE_SIZE = 2000

const ORDERING = { id: appointment.id, start_date: appointment.startDate, end_date: appointment.endDate }

/** `me` or a UUID; anything else is a 400 in the original's words (a bare list, as its filter raised it). */
function meOrUuid(field: 'owner' | 'invitee', value: string, scope: CrmScope): string {
  if (value.trim().toLowerCase() === 'me') return scope.principal.uuid
  if (!isUuid(value.trim())) throw filterError(field, `${field} field can only have value "me" or a valid User UUID`)
  return value.trim().toLowerCase()
}

function filters(scope: CrmScope, query: AppointmentQuery): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [eq(appointment.organizationId, scope.organizationId)]
  if (query.contact_uuid) where.push(eq(appointment.contactUuid, checkUuid('contact_uuid', query.contact_uuid)))
  if (query.owner) where.push(eq(appointment.owner, meOrUuid('owner', query.owner, scope)))
  if (query.invitee) where.push(arrayContains(appointment.inviteeUuids, [meOrUuid('invitee', query.invitee, scope)]))
  if (query.workflowlevel2_uuid) {
    if (!isUuid(query.workflowlevel2_uuid.trim())) throw filterError('workflowlevel2_uuid', 'workflowlevel2_uuids field can only have a valid UUID')
    where.push(arrayContains(appointment.workflowlevel2Uuids, [query.workflowlevel2_uuid.trim().toLowerCase()]))
  }
  if (query.siteprofile_uuid) where.push(eq(appointment.siteprofileUuid, checkUuid('siteprofile_uuid', query.siteprofile_uuid)))
  // Whole days in the organization's zone, both ends inclusive.
  if (query.start_date_gte) {
    where.push(gte(appointment.startDate, startOfDay('start_date_gte', query.start_date_gte, scope.timezone).toJSDate()))
  }
  if (query.start_date_lte) {
    const dayAfter = startOfDay('start_date_lte', query.start_date_lte, scope.timezone).plus({ days: 1 }).startOf('day')
    where.push(lt(appointment.startDate, dayAfter.toJSDate()))
  }
  return where
}

/** Cursor pagination (Django REST framework's CursorPagination): 30 a page, `page_size` up to 2000. */
export async function listAppointments(db: Db, scope: CrmScope, query: AppointmentQuery) {
  const where = filters(scope, query)
  const terms = parseOrdering(query.ordering, ORDERING, ['id'])
  if (!terms.some((t) => t.name === 'id')) terms.push({ name: 'id', column: appointment.id, descending: false })
  const pageSize = Math.min(query.page_size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
  const cursor = query.cursor ? decodeCursor(query.cursor, terms.length) : null
  const backwards = cursor?.r ?? false
  if (cursor) {
    const keyTerms: KeyTerm[] = terms.map((t, i) => {
      const raw = cursor.k[i]!
      const value = t.name === 'id' ? Number(raw) : new Date(raw)
      if (typeof value === 'number' ? !Number.isInteger(value) : Number.isNaN(value.getTime())) throw invalidField('cursor', 'Invalid cursor')
      return { column: t.column, descending: t.descending, value }
    })
    where.push(beyond(keyTerms, backwards))
  }
  const rows = await db.select().from(appointment).where(and(...where))
    .orderBy(...terms.map((t) => (t.descending !== backwards ? desc(t.column) : asc(t.column))))
    .limit(pageSize + 1)
  const more = rows.length > pageSize
  const page = rows.slice(0, pageSize)
  if (backwards) page.reverse()
  const key = (row: Appointment) => terms.map((t) => (t.name === 'id' ? row.id : (t.name === 'start_date' ? row.startDate : row.endDate).getTime()))
  const first = page[0]
  const last = page[page.length - 1]
  const next = last && (backwards || more) ? encodeCursor({ k: key(last), r: false }) : null
  const previous = first && (backwards ? more : cursor !== null) ? encodeCursor({ k: key(first), r: true }) : null
  return { views: await withDetails(db, page), next, previous }
}
