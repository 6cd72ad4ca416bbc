import { and, count, eq, isNull, or, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { PG, pgErrorCode } from '../db/pg-error.js'
import {
  calendar, calendarSetting, calendarUserProfile, event, users, type CalendarUserProfile, type User,
} from '../db/schema/index.js'
import { AppError, invalidField, notFound } from '../errors.js'
import { hasChanges } from '../kit/changes.js'
import { parseOptionalLink } from '../kit/links.js'
import { createUser } from '../accounts/users.js'
import type { Principal } from '../accounts/auth.js'
import { hashPassword } from '../accounts/passwords.js'
import { checkEmail, checkTimezone } from '../kit/validation.js'
import { revokeAllTokens } from '../accounts/tokens.js'
import { deleteEvents } from './events.js'
import { organizationDefaultsOf } from './organization.js'
import { calendarUserScope, ownedBy, requireManager } from './scope.js'

export interface CalendarUserRow {
  user: User
  profile: CalendarUserProfile
  /** the manager's username */
  manager: string
}

export interface CalendarUserInput {
  username?: string
  password?: string
  email?: string
  first_name?: string
  last_name?: string
  calendar_setting?: unknown
  timezone?: string
}

const manager = sql<string>`(select m.username from users m where m.id = ${calendarUserProfile.managerId})`

function visible(principal: Principal) {
  return and(isNull(calendarUserProfile.deletedAt), calendarUserScope(principal, calendarUserProfile.userId))
}

function select(db: Tx) {
  return db.select({ user: users, profile: calendarUserProfile, manager })
    .from(calendarUserProfile).innerJoin(users, eq(users.id, calendarUserProfile.userId))
}

/** Every calendar user the caller sees, by id (Newfies listed them all, unpaged). */
export async function listCalendarUsers(db: Db, principal: Principal): Promise<CalendarUserRow[]> {
  return select(db).where(visible(principal)).orderBy(calendarUserProfile.userId)
}

/** By the user's id (the seed addresses profiles by user id too). */
export async function getCalendarUser(db: Tx, principal: Principal, userId: number): Promise<CalendarUserRow> {
  const [row] = await select(db).where(and(eq(calendarUserProfile.userId, userId), visible(principal)))
  if (!row) throw notFound('Calendar user')
  return row
}

/** A calendar setting given by a manager must be one of theirs (a 400 naming the field otherwise). */
async function settingFor(db: Tx, principal: Principal, value: unknown): Promise<number | null> {
  const id = parseOptionalLink('calendar_setting', value, 'calendar-setting')
  if (id === null) return null
  const [row] = await db.select({ id: calendarSetting.id }).from(calendarSetting)
    .where(and(eq(calendarSetting.id, id), ownedBy(principal, calendarSetting.userId)))
  if (!row) throw invalidField('calendar_setting', `Invalid pk "${id}" - calendar setting does not exist.`)
  return id
}

async function usernameTaken(db: Tx, username: string, exceptId?: number): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`)
  return row !== undefined && row.id !== exceptId
}

const taken = () => invalidField('username', 'A user with that username already exists.')

/**
 * A calendar user of the caller's organization, managed by the caller, with a profile whose
 * calendar setting is the given one or the manager's first (none yet: null until one is set).
 */
export async function createCalendarUser(
  db: Db, principal: Principal, input: CalendarUserInput & { username: string; password: string },
): Promise<CalendarUserRow> {
  requireManager(principal, 'calendar users')
  try {
    return await db.transaction(async (tx) => {
      // DRF's unique check answers a taken username with 400, before anything is written
      if (await usernameTaken(tx, input.username)) throw taken()
      let settingId = await settingFor(tx, principal, input.calendar_setting)
      if (settingId === null) {
        const [first] = await tx.select({ id: calendarSetting.id }).from(calendarSetting)
          .where(eq(calendarSetting.userId, principal.id)).orderBy(calendarSetting.id).limit(1)
        settingId = first?.id ?? null
      }
      const timezone = input.timezone !== undefined
        ? checkTimezone('timezone', input.timezone)
        : (await organizationDefaultsOf(tx, principal.id)).timezone
      const user = await createUser(tx as unknown as Db, {
        username: input.username,
        password: input.password,
        email: input.email,
        first_name: input.first_name,
        last_name: input.last_name,
        role: 'calendar_user',
        organizationId: principal.organizationId,
        managerId: principal.id,
      })
      await tx.insert(calendarUserProfile).values({
        userId: user.id, managerId: principal.id, calendarSettingId: settingId, timezone,
      })
      return getCalendarUser(tx, principal, user.id)
    })
  } catch (err) {
    // A create racing another of the same name passes the check above and loses at the unique index, where
    // createUser answers Tocsin's 409: this surface answers the same 400 as the check, whichever way it was found.
    if (pgErrorCode(err) === PG.uniqueViolation || (err instanceof AppError && err.statusCode === 409 && err.fields?.username)) throw taken()
    throw err
  }
}

export async function updateCalendarUser(db: Db, principal: Principal, userId: number, input: CalendarUserInput): Promise<CalendarUserRow> {
  requireManager(principal, 'calendar users')
  await getCalendarUser(db, principal, userId)
  if (input.username !== undefined && (await usernameTaken(db, input.username, userId))) throw taken()
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined
  const email = input.email === undefined ? undefined : input.email === '' ? '' : checkEmail('email', input.email)
  const values = { username: input.username, passwordHash, email, firstName: input.first_name, lastName: input.last_name }
  if (!hasChanges(values)) return getCalendarUser(db, principal, userId)
  try {
    await db.transaction(async (tx) => {
      await tx.update(users).set(values).where(eq(users.id, userId))
      // A new password ends the user's API tokens too (sessions end because they are signed over the hash).
      if (passwordHash !== undefined) await revokeAllTokens(tx, userId)
    })
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) throw taken()
    throw err
  }
  return getCalendarUser(db, principal, userId)
}

/**
 * A calendar user who never had a calendar or an event is deleted outright. One with history is
 * closed instead: the account is deactivated, the profile hidden, their calendars and events deleted
 * (alarms cancelled), and the alarm requests stay readable.
 */
export async function deleteCalendarUser(db: Db, principal: Principal, userId: number): Promise<void> {
  requireManager(principal, 'calendar users')
  return db.transaction(async (tx) => {
    await getCalendarUser(tx, principal, userId)
    const [owned] = await tx.select({ n: count() }).from(calendar).where(eq(calendar.userId, userId))
    const [created] = await tx.select({ n: count() }).from(event).where(eq(event.creatorId, userId))
    if ((owned?.n ?? 0) === 0 && (created?.n ?? 0) === 0) {
      try {
        // In a savepoint: rows elsewhere (another feature's) may still point at the user.
        await tx.transaction(async (sp) => { await sp.delete(users).where(eq(users.id, userId)) })
        return
      } catch (err) {
        if (pgErrorCode(err) !== PG.foreignKeyViolation) throw err
      }
    }
    const now = new Date()
    await tx.update(calendarUserProfile).set({ deletedAt: now }).where(eq(calendarUserProfile.userId, userId))
    await tx.update(users).set({ isActive: false }).where(eq(users.id, userId))
    await tx.update(calendar).set({ deletedAt: now }).where(and(eq(calendar.userId, userId), isNull(calendar.deletedAt)))
    const events = await tx.select({ id: event.id }).from(event).innerJoin(calendar, eq(calendar.id, event.calendarId))
      .where(and(isNull(event.deletedAt), or(eq(calendar.userId, userId), eq(event.creatorId, userId))))
    await deleteEvents(tx, events.map((e) => e.id), now)
  })
}

export interface ProfileInput {
  accountcode?: number | null
  calendar_setting?: unknown
  address?: string | null
  city?: string | null
  state?: string | null
  country?: string | null
  zip_code?: string | null
  phone_no?: string | null
  fax?: string | null
  company_name?: string | null
  company_website?: string | null
  language?: string | null
  note?: string | null
  timezone?: string
}

const LANGUAGE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/

function checkWebsite(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidField('company_website', 'Enter a valid URL.')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidField('company_website', 'must be an http(s) URL')
  return value
}

/** The profile of a calendar user (addressed by the user's id). The manager is not changed here. */
export async function updateProfile(db: Db, principal: Principal, userId: number, input: ProfileInput): Promise<CalendarUserRow> {
  requireManager(principal, 'calendar user profiles')
  const stored = await getCalendarUser(db, principal, userId)
  const text = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim())
  const country = input.country === undefined ? undefined : (input.country ?? '').trim().toUpperCase()
  if (country && !/^[A-Z]{2}$/.test(country)) throw invalidField('country', `"${input.country}" is not an ISO 3166 country code (e.g. US)`)
  const language = text(input.language)
  if (language && !LANGUAGE.test(language)) throw invalidField('language', `"${language}" is not a language code (e.g. en or en-US)`)
  const website = text(input.company_website)
  // The setting must belong to the profile's manager (an admin editing someone else's profile included).
  const settingPrincipal: Principal = principal.role === 'admin' && stored.profile.managerId !== principal.id
    ? { ...principal, role: 'manager', id: stored.profile.managerId }
    : principal
  await db.update(calendarUserProfile).set({
    accountcode: input.accountcode,
    calendarSettingId: input.calendar_setting === undefined ? undefined : await settingFor(db, settingPrincipal, input.calendar_setting),
    address: text(input.address),
    city: text(input.city),
    state: text(input.state),
    country,
    zipCode: text(input.zip_code),
    phoneNo: text(input.phone_no),
    fax: text(input.fax),
    companyName: text(input.company_name),
    companyWebsite: website ? checkWebsite(website) : website,
    language,
    note: text(input.note),
    timezone: input.timezone === undefined ? undefined : checkTimezone('timezone', input.timezone),
    updatedDate: new Date(),
  }).where(eq(calendarUserProfile.userId, userId))
  return getCalendarUser(db, principal, userId)
}
