import { and, asc, count, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import {
  alarm, alarmRequest, ALARM_METHOD, ALARM_STATUS, calendar, calendarSetting, calendarUserProfile, event, sealedSurvey,
  type Alarm, type Event,
} from '../db/schema/index.js'
import { badRequest, invalidField, notFound, type FieldErrors } from '../errors.js'
import { parseLink, parseOptionalLink } from '../kit/links.js'
import type { Principal } from '../accounts/auth.js'
import type { OutboundPolicy } from '../kit/outbound-url.js'
import { checkEmail, checkHttpUrl, checkOutboundUrl, checkTimeOfDay, checkTimezone, toE164 } from '../kit/validation.js'
import { parseDateTime } from '../kit/date-time.js'
import { getEvent } from './events.js'
import { organizationDefaultsOf } from './organization.js'
import { calendarUserScope } from './scope.js'
import { scheduleAlarms } from '../alarms/plan/replan.js'
import { notReady, readinessProblems } from '../alarms/readiness.js'

export interface AlarmInput {
  event?: unknown
  method?: number
  date_start_notice?: string
  advance_notice?: number
  daily_start?: string
  daily_stop?: string
  maxretry?: number
  retry_delay?: number
  survey?: unknown
  sms_template?: string | null
  mail_subject?: string | null
  mail_text?: string | null
  alarm_phonenumber?: string | null
  alarm_email?: string | null
  phonenumber_sms_failure?: string | null
  phonenumber_transfer?: string | null
  url_confirm?: string | null
  url_cancel?: string | null
  timezone?: string
}

/** An alarm with the zone of its event (its date_start_notice is read and shown in it) and why its latest attempt failed. */
export type AlarmRow = Alarm & { eventTimezone: string; lastReason: string | null; lastReasonDetail: string | null }

const latest = (column: string) =>
  sql<string | null>`(select r.${sql.raw(column)} from ${alarmRequest} r where r.alarm_id = ${alarm.id} order by r.id desc limit 1)`

function visible(principal: Principal): SQL | undefined {
  return and(isNull(alarm.deletedAt), isNull(event.deletedAt), calendarUserScope(principal, calendar.userId))
}

function select(db: Tx) {
  return db.select({ ...getTableColumns(alarm), eventTimezone: event.timezone, lastReason: latest('reason'), lastReasonDetail: latest('reason_detail') })
    .from(alarm)
    .innerJoin(event, eq(event.id, alarm.eventId)).innerJoin(calendar, eq(calendar.id, event.calendarId))
}

export async function listAlarms(db: Db, principal: Principal, filters: { event?: number; status?: number; method?: number }, limit: number, offset: number) {
  const where = and(
    visible(principal),
    filters.event === undefined ? undefined : eq(alarm.eventId, filters.event),
    filters.status === undefined ? undefined : eq(alarm.status, filters.status),
    filters.method === undefined ? undefined : eq(alarm.method, filters.method),
  )
  const [total] = await db.select({ n: count() }).from(alarm)
    .innerJoin(event, eq(event.id, alarm.eventId)).innerJoin(calendar, eq(calendar.id, event.calendarId)).where(where)
  const rows = await select(db).where(where).orderBy(alarm.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getAlarm(db: Tx, principal: Principal, id: number): Promise<AlarmRow> {
  const [row] = await select(db).where(and(eq(alarm.id, id), visible(principal)))
  if (!row) throw notFound('Alarm')
  return row
}

/** The live alarms of one event, oldest first (`event/{id}/get_list_alarm/`). */
export async function listEventAlarms(db: Db, principal: Principal, eventId: number, limit: number, offset: number) {
  await getEvent(db, principal, eventId)
  const where = and(eq(alarm.eventId, eventId), isNull(alarm.deletedAt))
  const [total] = await db.select({ n: count() }).from(alarm).where(where)
  const rows = await select(db).where(where).orderBy(asc(alarm.createdDate), asc(alarm.id)).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

async function eventFor(db: Tx, principal: Principal, value: unknown): Promise<Event> {
  const id = parseLink('event', value, 'event')
  try {
    return await getEvent(db, principal, id)
  } catch {
    throw invalidField('event', `Invalid hyperlink - event ${id} does not exist.`)
  }
}

/** The calendar user's manager and calendar setting (its survey is a call alarm's default). */
async function ownerOf(db: Tx, ev: Event) {
  const [row] = await db.select({ managerId: calendarUserProfile.managerId, surveyId: calendarSetting.surveyId })
    .from(calendarUserProfile).leftJoin(calendarSetting, eq(calendarSetting.id, calendarUserProfile.calendarSettingId))
    .where(eq(calendarUserProfile.userId, ev.creatorId))
  return { managerId: row?.managerId ?? null, settingSurveyId: row?.surveyId ?? null }
}

/** A sealed survey shared with everyone or owned by the calendar user's manager (anything for an admin). */
async function surveyFor(db: Tx, principal: Principal, value: unknown, managerId: number | null): Promise<number | null> {
  const id = parseOptionalLink('survey', value, 'sealed-survey')
  if (id === null) return null
  const [row] = await db.select({ userId: sealedSurvey.userId }).from(sealedSurvey).where(eq(sealedSurvey.id, id))
  if (!row || (principal.role !== 'admin' && row.userId !== null && row.userId !== managerId)) {
    throw invalidField('survey', `Invalid hyperlink - sealed-survey ${id} does not exist.`)
  }
  return id
}

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === ''

function optional<T>(value: string | null | undefined, check: (v: string) => T): T | null | undefined {
  if (value === undefined) return undefined
  return blank(value) ? null : check(value!.trim())
}

/** Each method needs its own contact and content (reported together, one field each). */
function checkMethod(a: Pick<Alarm, 'method' | 'alarmPhonenumber' | 'surveyId' | 'smsTemplate' | 'alarmEmail' | 'mailSubject' | 'mailText'>): void {
  const fields: FieldErrors = {}
  const need = (field: string, ok: boolean, why: string) => { if (!ok) fields[field] = why }
  if (a.method === ALARM_METHOD.call) {
    need('alarm_phonenumber', !blank(a.alarmPhonenumber), 'required for a call alarm (method 1)')
    need('survey', a.surveyId !== null, "required for a call alarm (method 1); the calendar user's setting has none to default to")
  } else if (a.method === ALARM_METHOD.sms) {
    need('alarm_phonenumber', !blank(a.alarmPhonenumber), 'required for an SMS alarm (method 2)')
    need('sms_template', !blank(a.smsTemplate), 'required for an SMS alarm (method 2): the text to send')
  } else {
    need('alarm_email', !blank(a.alarmEmail), 'required for an e-mail alarm (method 3)')
    need('mail_subject', !blank(a.mailSubject), 'required for an e-mail alarm (method 3)')
    need('mail_text', !blank(a.mailText), 'required for an e-mail alarm (method 3)')
  }
  const names = Object.keys(fields)
  if (names.length > 0) throw badRequest(names.map((f) => `${f}: ${fields[f]}`).join('; '), fields)
}

async function resolve(db: Tx, principal: Principal, input: AlarmInput, stored?: AlarmRow) {
  if (!stored && (input.event === undefined || input.event === null)) throw invalidField('event', 'This field is required.')
  const ev = input.event !== undefined ? await eventFor(db, principal, input.event) : await getEvent(db, principal, stored!.eventId)
  const owner = await ownerOf(db, ev)
  const { defaultRegion } = await organizationDefaultsOf(db, ev.creatorId)
  const phone = (field: string) => (v: string) => toE164(field, v, defaultRegion)
  let surveyId = input.survey !== undefined ? await surveyFor(db, principal, input.survey, owner.managerId) : stored?.surveyId ?? null
  const method = input.method ?? stored?.method ?? ALARM_METHOD.call
  // A call alarm without a survey runs the one of the calendar user's setting (Newfies crashed here).
  if (method === ALARM_METHOD.call && surveyId === null && input.survey === undefined) surveyId = owner.settingSurveyId
  const values = {
    eventId: ev.id,
    method,
    dateStartNotice: input.date_start_notice !== undefined ? parseDateTime('date_start_notice', input.date_start_notice, ev.timezone)
      : stored?.dateStartNotice ?? ev.start,
    advanceNotice: input.advance_notice,
    dailyStart: input.daily_start === undefined ? undefined : checkTimeOfDay('daily_start', input.daily_start),
    dailyStop: input.daily_stop === undefined ? undefined : checkTimeOfDay('daily_stop', input.daily_stop),
    maxretry: input.maxretry,
    retryDelay: input.retry_delay,
    surveyId,
    smsTemplate: optional(input.sms_template, (v) => v),
    mailSubject: optional(input.mail_subject, (v) => v),
    mailText: optional(input.mail_text, (v) => v),
    alarmPhonenumber: optional(input.alarm_phonenumber, phone('alarm_phonenumber')),
    alarmEmail: optional(input.alarm_email, (v) => checkEmail('alarm_email', v)),
    phonenumberSmsFailure: optional(input.phonenumber_sms_failure, phone('phonenumber_sms_failure')),
    phonenumberTransfer: optional(input.phonenumber_transfer, phone('phonenumber_transfer')),
    urlConfirm: optional(input.url_confirm, (v) => checkHttpUrl('url_confirm', v)),
    urlCancel: optional(input.url_cancel, (v) => checkHttpUrl('url_cancel', v)),
    timezone: input.timezone !== undefined ? checkTimezone('timezone', input.timezone) : stored?.timezone ?? ev.timezone,
  }
  const pick = <K extends keyof typeof values & keyof Alarm>(k: K) => (values[k] === undefined ? stored?.[k] ?? null : values[k])
  const planned = {
    method,
    alarmPhonenumber: pick('alarmPhonenumber') as string | null,
    surveyId,
    smsTemplate: pick('smsTemplate') as string | null,
    alarmEmail: pick('alarmEmail') as string | null,
    mailSubject: pick('mailSubject') as string | null,
    mailText: pick('mailText') as string | null,
    phonenumberSmsFailure: pick('phonenumberSmsFailure') as string | null,
  }
  checkMethod(planned)
  // Refused now rather than failed at its due time: a gateway, survey or {tag} value missing (an alarm that has
  // ended is only kept as a record, so editing it checks nothing more).
  if (!stored || OPEN.includes(stored.status)) {
    const problems = await readinessProblems(db, planned, ev)
    if (problems.length > 0) throw notReady(problems)
  }
  return values
}

/** Result webhooks are requested by Tocsin: checked against the outbound URL policy before anything is written. */
async function checkCallbackUrls(outbound: OutboundPolicy, input: AlarmInput): Promise<void> {
  for (const field of ['url_confirm', 'url_cancel'] as const) {
    const value = input[field]
    if (value !== undefined && value !== null && value !== '') await checkOutboundUrl(outbound, field, value)
  }
}

const OPEN: number[] = [ALARM_STATUS.pending, ALARM_STATUS.inProcess, ALARM_STATUS.retry]

/** Status, num_attempt and result belong to the scheduler: the API never writes them. */
export async function createAlarm(db: Db, outbound: OutboundPolicy, principal: Principal, input: AlarmInput): Promise<AlarmRow> {
  await checkCallbackUrls(outbound, input)
  return db.transaction(async (tx) => {
    const values = await resolve(tx, principal, input)
    const [row] = await tx.insert(alarm).values(values).returning({ id: alarm.id })
    await scheduleAlarms(tx, [row!.id])
    return getAlarm(tx, principal, row!.id)
  })
}

export async function updateAlarm(
  db: Db, outbound: OutboundPolicy, principal: Principal, id: number, input: AlarmInput,
): Promise<AlarmRow> {
  await checkCallbackUrls(outbound, input)
  return db.transaction(async (tx) => {
    const stored = await getAlarm(tx, principal, id)
    const values = await resolve(tx, principal, input, stored)
    await tx.update(alarm).set({ ...values, updatedDate: new Date() }).where(eq(alarm.id, id))
    await scheduleAlarms(tx, [id])
    return getAlarm(tx, principal, id)
  })
}

/** Soft: the alarm disappears from the API, stops (cancelled, 7), and its attempts stay readable. */
export async function deleteAlarm(db: Db, principal: Principal, id: number): Promise<void> {
  return db.transaction(async (tx) => {
    const stored = await getAlarm(tx, principal, id)
    const now = new Date()
    const open: number[] = [ALARM_STATUS.pending, ALARM_STATUS.inProcess, ALARM_STATUS.retry]
    await tx.update(alarm).set({
      deletedAt: now,
      updatedDate: now,
      status: open.includes(stored.status) ? ALARM_STATUS.cancelled : stored.status,
    }).where(eq(alarm.id, id))
    await tx.update(alarmRequest).set({ status: ALARM_STATUS.cancelled })
      .where(and(eq(alarmRequest.alarmId, id), inArray(alarmRequest.status, [ALARM_STATUS.pending])))
    await scheduleAlarms(tx, [id])
  })
}
