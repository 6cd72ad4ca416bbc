import { and, count, eq } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { PG, pgErrorCode } from '../db/pg-error.js'
import {
  calendarSetting, calendarUserProfile, gateway, sealedSurvey, smsGateway, users, type CalendarSetting,
} from '../db/schema/index.js'
import { conflict, invalidField, notFound } from '../errors.js'
import { parseLink, parseOptionalLink } from '../kit/links.js'
import type { Principal } from '../accounts/auth.js'
import { checkCallerId, checkHttpUrl } from '../kit/validation.js'
import { organizationDefaultsOf } from './organization.js'
import { ownerFor } from './owners.js'
import { ownedBy } from './scope.js'
import { rowUser, usableBy, type RowUser } from '../accounts/sharing.js'

export interface CalendarSettingInput {
  label?: string
  callerid?: string | null
  caller_name?: string
  call_timeout?: number
  user?: unknown
  survey?: unknown
  aleg_gateway?: unknown
  sms_gateway?: unknown
  voicemail?: boolean
  amd_behavior?: number
  voicemail_audiofile?: string | null
}

export type CalendarSettingRow = CalendarSetting & { username: string }

function select(db: Tx) {
  return db.select({
    id: calendarSetting.id, label: calendarSetting.label, callerid: calendarSetting.callerid,
    callerName: calendarSetting.callerName, callTimeout: calendarSetting.callTimeout, userId: calendarSetting.userId,
    surveyId: calendarSetting.surveyId, alegGatewayId: calendarSetting.alegGatewayId, smsGatewayId: calendarSetting.smsGatewayId,
    voicemail: calendarSetting.voicemail, amdBehavior: calendarSetting.amdBehavior,
    voicemailAudiofile: calendarSetting.voicemailAudiofile, createdDate: calendarSetting.createdDate,
    updatedDate: calendarSetting.updatedDate, username: users.username,
  }).from(calendarSetting).innerJoin(users, eq(users.id, calendarSetting.userId))
}

/** A manager sees their own settings; admins all; calendar users none. */
export async function listCalendarSettings(db: Db, principal: Principal, limit: number, offset: number) {
  const where = ownedBy(principal, calendarSetting.userId)
  const [total] = await db.select({ n: count() }).from(calendarSetting).where(where)
  const rows = await select(db).where(where).orderBy(calendarSetting.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getCalendarSetting(db: Tx, principal: Principal, id: number): Promise<CalendarSettingRow> {
  const [row] = await select(db).where(and(eq(calendarSetting.id, id), ownedBy(principal, calendarSetting.userId)))
  if (!row) throw notFound('Calendar setting')
  return row
}

/**
 * A referenced survey must be one the setting's owner may use: a shared one (no owner) or their own; an admin's own
 * settings may use any.
 */
async function usableSurvey(db: Tx, value: unknown, ownerId: number, ownerIsAdmin: boolean): Promise<number> {
  const id = parseLink('survey', value, 'sealed-survey')
  const [row] = await db.select({ userId: sealedSurvey.userId }).from(sealedSurvey).where(eq(sealedSurvey.id, id))
  if (!row || (!ownerIsAdmin && row.userId !== null && row.userId !== ownerId)) {
    throw invalidField('survey', `Invalid hyperlink - sealed-survey ${id} does not exist.`)
  }
  return id
}

/** A referenced gateway must be one the setting's owner may use (sharing.ts): a system one or their organization's. */
async function usableGateway(db: Tx, table: typeof gateway, field: string, resource: string, id: number, owner: RowUser): Promise<number> {
  const [row] = await db.select({ id: table.id }).from(table).where(and(eq(table.id, id), usableBy(table, owner)))
  if (!row) throw invalidField(field, `Invalid hyperlink - ${resource} ${id} does not exist or is not shared with this organization.`)
  return id
}

async function columnsOf(db: Tx, input: CalendarSettingInput, owner: RowUser) {
  const smsGatewayId = input.sms_gateway === undefined ? undefined : parseOptionalLink('sms_gateway', input.sms_gateway, 'sms-gateway')
  return {
    label: input.label,
    // The number calls come from: E.164, or a national number in the owner's organization's region.
    callerid: input.callerid === undefined ? undefined : input.callerid === null || input.callerid.trim() === '' ? null
      : checkCallerId('callerid', input.callerid, (await organizationDefaultsOf(db, owner.id)).defaultRegion),
    callerName: input.caller_name,
    callTimeout: input.call_timeout,
    surveyId: input.survey === undefined ? undefined : await usableSurvey(db, input.survey, owner.id, owner.role === 'admin'),
    alegGatewayId: input.aleg_gateway === undefined ? undefined
      : await usableGateway(db, gateway, 'aleg_gateway', 'gateway', parseLink('aleg_gateway', input.aleg_gateway, 'gateway'), owner),
    smsGatewayId: smsGatewayId === undefined || smsGatewayId === null ? smsGatewayId
      : await usableGateway(db, smsGateway as unknown as typeof gateway, 'sms_gateway', 'sms-gateway', smsGatewayId, owner),
    voicemail: input.voicemail,
    amdBehavior: input.amd_behavior,
    voicemailAudiofile: input.voicemail_audiofile === undefined ? undefined
      : input.voicemail_audiofile === null || input.voicemail_audiofile === '' ? null
        : checkHttpUrl('voicemail_audiofile', input.voicemail_audiofile),
  }
}

async function ownerRow(db: Tx, userId: number): Promise<RowUser> {
  const owner = await rowUser(db, userId)
  if (!owner) throw invalidField('user', `user ${userId} does not exist`)
  return owner
}

export async function createCalendarSetting(
  db: Db, principal: Principal, input: CalendarSettingInput & { label: string },
): Promise<CalendarSettingRow> {
  const ownerId = (await ownerFor(db, principal, input.user, 'self'))!
  for (const field of ['survey', 'aleg_gateway'] as const) {
    if (input[field] === undefined || input[field] === null || input[field] === '') throw invalidField(field, 'This field is required.')
  }
  const values = await columnsOf(db, input, await ownerRow(db, ownerId))
  const [row] = await db.insert(calendarSetting).values({
    ...values, label: input.label, surveyId: values.surveyId!, alegGatewayId: values.alegGatewayId!, userId: ownerId,
  }).returning({ id: calendarSetting.id })
  return getCalendarSetting(db, principal, row!.id)
}

/** The owner does not change (`user` is ignored on update, as in the seed's read-only field). */
export async function updateCalendarSetting(
  db: Db, principal: Principal, id: number, input: CalendarSettingInput,
): Promise<CalendarSettingRow> {
  const stored = await getCalendarSetting(db, principal, id)
  for (const field of ['survey', 'aleg_gateway'] as const) {
    if (input[field] === null || input[field] === '') throw invalidField(field, 'This field may not be null.')
  }
  const values = await columnsOf(db, input, await ownerRow(db, stored.userId))
  await db.update(calendarSetting).set({ ...values, updatedDate: new Date() }).where(eq(calendarSetting.id, id))
  return getCalendarSetting(db, principal, id)
}

/** A setting that calendar users' profiles still point at cannot be deleted: 409. */
export async function deleteCalendarSetting(db: Db, principal: Principal, id: number): Promise<void> {
  await getCalendarSetting(db, principal, id)
  const [used] = await db.select({ n: count() }).from(calendarUserProfile).where(eq(calendarUserProfile.calendarSettingId, id))
  if ((used?.n ?? 0) > 0) {
    throw conflict(`This calendar setting is used by ${used!.n} calendar user profile(s); give them another setting first`)
  }
  try {
    await db.delete(calendarSetting).where(eq(calendarSetting.id, id))
  } catch (err) {
    if (pgErrorCode(err) === PG.foreignKeyViolation) throw conflict('This calendar setting is in use')
    throw err
  }
}
