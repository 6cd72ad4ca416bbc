// How an appointment maps onto the calendar model, so that its reminders go through the one alarm scheduler
// (precise dispatch, limits, retries, crash safety, the Newfies API's log) with no second path: each organization
// gets, on first use, an ordinary calendar named "Reminders" owned by a system calendar user (inactive: it cannot
// sign in; its own manager, so managers do not see it, admins do) whose calendar setting names the built-in
// appointment-reminder survey and the organization's first active voice and SMS gateways. Each appointment with
// reminders has one event in it (appointment.reminder_event_id) carrying the filled {tags} as its data, and each
// planned step is an alarm of that event (reminder.alarm_id). The alternative — alarms pointing at appointments with
// no event — would have touched every scheduler path that reads the event (due time, expiry, retries, texts, the
// Newfies API) for nothing an event does not already give. An admin changes how reminders are placed (gateway,
// caller id, survey, concurrency) by editing that calendar setting and calendar through /rest-api/.
import { randomUUID } from 'node:crypto'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Tx } from '../../db/client.js'
import {
  calendar, calendarSetting, calendarUserProfile, gateway, organization, sealedSurvey, smsGateway, users, type Organization,
} from '../../db/schema/index.js'
import { badRequest } from '../../errors.js'
import { usableBy } from '../../accounts/sharing.js'
import { GATEWAY_STATUS } from '../../codes/gateway-status.js'

export const REMINDER_CALENDAR_NAME = 'Reminders'
/** How the system user of every reminders calendar is named (hooks.ts recognises reminders calendars by it). */
export const REMINDER_USER_PREFIX = 'reminders-'
/** The built-in reminders by template key (ivr/templates): the English one the setting starts with, and the German one. */
export const REMINDER_SURVEY = 'appointment-reminder'
export const GERMAN_REMINDER_SURVEY = 'appointment-reminder-de'
/** Never a valid password hash (accounts/passwords.ts), and the user is inactive: nobody signs in as it. */
const NO_PASSWORD = '!reminders: a system user'

export interface ReminderCalendar {
  calendarId: number
  /** the calendar's user: creator of the appointments' events */
  userId: number
  /** the survey of its calendar setting: what a call step without its own runs (null if an admin removed the setting) */
  surveyId: number | null
  /** that survey's template key when it is a built-in one (null: an admin's own survey, or none) */
  surveyTemplateKey: string | null
  /** the built-in German reminder (null if it is not sealed) */
  germanSurveyId: number | null
}

/** The built-in German reminder's id, as a column: read with the calendar, so that saving an appointment asks nothing more. */
const germanSurveyId = sql<number | null>`(select ${sealedSurvey.id} from ${sealedSurvey} where ${sealedSurvey.templateKey} = ${GERMAN_REMINDER_SURVEY})`

/** An active gateway the organization may use (accounts/sharing.ts): its own before the system's. */
function usable(table: typeof gateway | typeof smsGateway, organizationId: number) {
  const anyOfTheOrganization = { id: 0, role: 'admin' as const, organizationId, managerId: null }
  return {
    where: and(eq(table.status, GATEWAY_STATUS.active), usableBy(table, anyOfTheOrganization)),
    order: [sql`${table.organizationId} is null`, asc(table.id)],
  }
}

/** The organization's reminders calendar, made (with its user and setting) the first time a reminder needs it. */
export async function reminderCalendar(tx: Tx, org: Organization): Promise<ReminderCalendar> {
  const existing = await liveCalendar(tx, org.reminderCalendarId)
  if (existing) return existing
  // Locked, so that two first reminders of one organization make one calendar.
  const [locked] = await tx.select().from(organization).where(eq(organization.id, org.id)).for('update')
  const again = await liveCalendar(tx, locked?.reminderCalendarId ?? null)
  if (again) return again

  const voice = usable(gateway, org.id)
  const [gw] = await tx.select({ id: gateway.id }).from(gateway).where(voice.where).orderBy(...voice.order).limit(1)
  const [survey] = await tx.select({ id: sealedSurvey.id, germanSurveyId }).from(sealedSurvey).where(eq(sealedSurvey.templateKey, REMINDER_SURVEY))
  if (!gw || !survey) {
    const fields: Record<string, string> = {}
    if (!gw) fields['reminders.voice_gateway'] = `no voice gateway configured for organization ${org.name}: add an active one (/rest-api/gateway/)`
    if (!survey) fields['reminders.survey'] = `no survey configured for organization ${org.name}: the built-in appointment reminder is missing`
    throw badRequest(Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; '), fields)
  }
  const texts = usable(smsGateway, org.id)
  const [sms] = await tx.select({ id: smsGateway.id }).from(smsGateway).where(texts.where).orderBy(...texts.order).limit(1)

  const [user] = await tx.insert(users).values({
    username: `${REMINDER_USER_PREFIX}${org.uuid}-${randomUUID().slice(0, 8)}`,
    passwordHash: NO_PASSWORD,
    firstName: REMINDER_CALENDAR_NAME,
    lastName: org.name,
    role: 'calendar_user',
    organizationId: org.id,
    isActive: false,
  }).returning({ id: users.id })
  const userId = user!.id
  await tx.update(users).set({ managerId: userId }).where(eq(users.id, userId))
  const [setting] = await tx.insert(calendarSetting).values({
    label: `${REMINDER_CALENDAR_NAME} (${org.name})`,
    userId,
    surveyId: survey.id,
    alegGatewayId: gw.id,
    smsGatewayId: sms?.id ?? null,
  }).returning({ id: calendarSetting.id })
  await tx.insert(calendarUserProfile).values({ userId, managerId: userId, calendarSettingId: setting!.id, timezone: org.timezone })
  const [cal] = await tx.insert(calendar).values({ name: REMINDER_CALENDAR_NAME, userId }).returning({ id: calendar.id })
  await tx.update(organization).set({ reminderCalendarId: cal!.id }).where(eq(organization.id, org.id))
  return { calendarId: cal!.id, userId, surveyId: survey.id, surveyTemplateKey: REMINDER_SURVEY, germanSurveyId: survey.germanSurveyId }
}

/** The setting's survey, named apart from the German reminder's subquery on the same table. */
const settingSurvey = alias(sealedSurvey, 'setting_survey')

async function liveCalendar(tx: Tx, id: number | null): Promise<ReminderCalendar | null> {
  if (id === null) return null
  const [row] = await tx.select({
    calendarId: calendar.id, userId: calendar.userId, surveyId: calendarSetting.surveyId, surveyTemplateKey: settingSurvey.templateKey, germanSurveyId,
  }).from(calendar)
    .leftJoin(calendarUserProfile, eq(calendarUserProfile.userId, calendar.userId))
    .leftJoin(calendarSetting, eq(calendarSetting.id, calendarUserProfile.calendarSettingId))
    .leftJoin(settingSurvey, eq(settingSurvey.id, calendarSetting.surveyId))
    .where(and(eq(calendar.id, id), isNull(calendar.deletedAt)))
  return row ?? null
}
