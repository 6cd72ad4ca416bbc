import { and, count, eq, inArray, isNull } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { calendar, calendarUserProfile, event, type Calendar } from '../db/schema/index.js'
import { invalidField, notFound } from '../errors.js'
import { hasChanges } from '../kit/changes.js'
import { parseLink } from '../kit/links.js'
import type { Principal } from '../accounts/auth.js'
import { deleteEvents } from './events.js'
import { calendarUserScope } from './scope.js'

export interface CalendarInput {
  name?: string
  user?: unknown
  max_concurrent?: number
}

function visible(principal: Principal) {
  return and(isNull(calendar.deletedAt), calendarUserScope(principal, calendar.userId))
}

export async function listCalendars(db: Db, principal: Principal, filters: { user?: number }, limit: number, offset: number) {
  const where = and(visible(principal), filters.user === undefined ? undefined : eq(calendar.userId, filters.user))
  const [total] = await db.select({ n: count() }).from(calendar).where(where)
  const rows = await db.select().from(calendar).where(where).orderBy(calendar.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

/**
 * Each calendar user's `{name, max_concurrent}` as Newfies showed it beside the user: its one
 * calendar's, or `{}` when it has none or several (Calendar.objects.get failed there).
 */
export type CalendarSummary = { name: string; max_concurrent: number } | Record<string, never>

export async function calendarSummaries(db: Tx, userIds: number[]): Promise<Map<number, CalendarSummary>> {
  const rows = userIds.length === 0 ? [] : await db.select().from(calendar)
    .where(and(isNull(calendar.deletedAt), inArray(calendar.userId, userIds)))
  return new Map(userIds.map((id): [number, CalendarSummary] => {
    const own = rows.filter((r) => r.userId === id)
    return [id, own.length === 1 ? { name: own[0]!.name, max_concurrent: own[0]!.maxConcurrent } : {}]
  }))
}

export async function getCalendar(db: Tx, principal: Principal, id: number): Promise<Calendar> {
  const [row] = await db.select().from(calendar).where(and(eq(calendar.id, id), visible(principal)))
  if (!row) throw notFound('Calendar')
  return row
}

/** The owner must be one of the caller's live calendar users (a calendar user: themselves). */
async function ownerFor(db: Tx, principal: Principal, value: unknown): Promise<number> {
  const id = parseLink('user', value, 'calendar-user')
  const [row] = await db.select({ id: calendarUserProfile.userId }).from(calendarUserProfile)
    .where(and(eq(calendarUserProfile.userId, id), isNull(calendarUserProfile.deletedAt), calendarUserScope(principal, calendarUserProfile.userId)))
  if (!row) throw invalidField('user', `Invalid hyperlink - calendar-user ${id} does not exist.`)
  return id
}

export async function createCalendar(db: Db, principal: Principal, input: CalendarInput & { name: string }): Promise<Calendar> {
  const given = input.user === undefined || input.user === null || input.user === ''
  if (given && principal.role !== 'calendar_user') throw invalidField('user', 'This field is required.')
  const userId = given ? principal.id : await ownerFor(db, principal, input.user)
  const [row] = await db.insert(calendar).values({ name: input.name, userId, maxConcurrent: input.max_concurrent }).returning()
  return row!
}

export async function updateCalendar(db: Db, principal: Principal, id: number, input: CalendarInput): Promise<Calendar> {
  const current = await getCalendar(db, principal, id)
  const userId = input.user === undefined ? undefined : await ownerFor(db, principal, input.user)
  const values = { name: input.name, userId, maxConcurrent: input.max_concurrent }
  if (!hasChanges(values)) return current
  const [row] = await db.update(calendar).set(values).where(eq(calendar.id, id)).returning()
  return row!
}

/** Soft, like events: the calendar and its events go, their alarms are cancelled, the log stays. */
export async function deleteCalendar(db: Db, principal: Principal, id: number): Promise<void> {
  return db.transaction(async (tx) => {
    await getCalendar(tx, principal, id)
    const now = new Date()
    const events = await tx.select({ id: event.id }).from(event).where(and(eq(event.calendarId, id), isNull(event.deletedAt)))
    await deleteEvents(tx, events.map((e) => e.id), now)
    await tx.update(calendar).set({ deletedAt: now }).where(eq(calendar.id, id))
  })
}
