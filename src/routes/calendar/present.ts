import type { FastifyRequest } from 'fastify'
import { failureReason } from '../../alarms/failure-reason.js'
import type { Static } from 'typebox'
import type { Calendar, Event, Gateway, Rule } from '../../db/schema/index.js'
import { link } from '../../kit/links.js'
import type { Alarm as AlarmSchema } from '../../schemas/calendar/alarm.js'
import type { AlarmRequest as AlarmRequestSchema } from '../../schemas/calendar/alarm-request.js'
import type { Calendar as CalendarSchema } from '../../schemas/calendar/calendar.js'
import type { CalendarSetting as CalendarSettingSchema } from '../../schemas/calendar/calendar-setting.js'
import type { CalendarUser as CalendarUserSchema, CalendarUserProfile as ProfileSchema } from '../../schemas/calendar/calendar-user.js'
import type { Event as EventSchema } from '../../schemas/calendar/event.js'
import { djangoDate, pythonUtc } from '../../kit/newfies-shapes.js'
import type { Rule as RuleSchema } from '../../schemas/calendar/rule.js'
import type { AlarmRequestRow } from '../../calendar/alarm-requests.js'
import type { AlarmRow } from '../../calendar/alarms.js'
import type { CalendarSettingRow } from '../../calendar/calendar-settings.js'
import type { CalendarUserRow } from '../../calendar/calendar-users.js'
import { formatInZone, formatOptionalInZone } from '../../kit/date-time.js'
import { SENDER_FIELD, type GatewayKind } from '../../calendar/gateways.js'

// Rows → the seed's field names. Relations are hyperlinks built from the request's host.

export function presentCalendarSetting(request: FastifyRequest, row: CalendarSettingRow): Static<typeof CalendarSettingSchema> {
  return {
    url: link(request, 'calendar-setting', row.id),
    id: row.id,
    user: row.username,
    label: row.label,
    callerid: row.callerid,
    caller_name: row.callerName,
    call_timeout: row.callTimeout,
    survey: link(request, 'sealed-survey', row.surveyId),
    aleg_gateway: link(request, 'gateway', row.alegGatewayId),
    sms_gateway: link(request, 'sms-gateway', row.smsGatewayId),
    voicemail: row.voicemail,
    amd_behavior: row.amdBehavior,
    voicemail_audiofile: row.voicemailAudiofile,
    created_date: row.createdDate.toISOString(),
    updated_date: row.updatedDate.toISOString(),
  }
}

/** Newfies' fields (the password excepted: never shown, not even hashed), then Tocsin's. */
export function presentCalendarUser(
  request: FastifyRequest, row: CalendarUserRow, calendar: Static<typeof CalendarUserSchema>['calendar'],
): Static<typeof CalendarUserSchema> {
  const { user } = row
  return {
    url: link(request, 'calendar-user', user.id),
    id: user.id,
    username: user.username,
    last_name: user.lastName,
    first_name: user.firstName,
    email: user.email,
    calendar,
    groups: [],
    manager: row.manager,
    calendar_user_profile: link(request, 'calendar-user-profile', user.id),
    is_active: user.isActive,
    date_joined: user.dateJoined.toISOString(),
  }
}

export function presentProfile(request: FastifyRequest, row: CalendarUserRow): Static<typeof ProfileSchema> {
  const p = row.profile
  return {
    url: link(request, 'calendar-user-profile', p.userId),
    manager: row.manager,
    id: p.id,
    user: p.userId,
    address: p.address,
    city: p.city,
    state: p.state,
    country: p.country,
    zip_code: p.zipCode,
    phone_no: p.phoneNo,
    fax: p.fax,
    company_name: p.companyName,
    company_website: p.companyWebsite,
    language: p.language,
    note: p.note,
    accountcode: p.accountcode,
    created_date: p.createdDate.toISOString(),
    updated_date: p.updatedDate.toISOString(),
    calendar_setting: p.calendarSettingId,
    timezone: p.timezone,
  }
}

/** An item of Newfies' hand-built profile list: fewer fields than the detail, calendar_setting as a hyperlink. */
export function presentProfileListItem(request: FastifyRequest, row: CalendarUserRow) {
  const p = row.profile
  return {
    url: link(request, 'calendar-user-profile', p.userId),
    id: p.id,
    accountcode: p.accountcode,
    calendar_setting: link(request, 'calendar-setting', p.calendarSettingId),
    manager: row.manager,
    address: p.address,
    city: p.city,
    state: p.state,
    zip_code: p.zipCode,
    phone_no: p.phoneNo,
    fax: p.fax,
    company_name: p.companyName,
    company_website: p.companyWebsite,
  }
}

export function presentCalendar(request: FastifyRequest, row: Calendar): Static<typeof CalendarSchema> {
  return {
    url: link(request, 'calendar', row.id),
    id: row.id,
    name: row.name,
    user: link(request, 'calendar-user', row.userId),
    max_concurrent: row.maxConcurrent,
    created_date: row.createdDate.toISOString(),
  }
}

export function presentRule(request: FastifyRequest, row: Rule): Static<typeof RuleSchema> {
  return {
    url: link(request, 'rule', row.id),
    id: row.id,
    name: row.name,
    description: row.description,
    frequency: row.frequency,
    params: row.params,
    rrule: row.rrule,
    organization: link(request, 'organization', row.organizationId),
    user: link(request, 'user', row.userId),
    created_date: row.createdDate.toISOString(),
    updated_date: row.updatedDate.toISOString(),
  }
}

export function presentEvent(request: FastifyRequest, row: Event): Static<typeof EventSchema> {
  const zone = row.timezone
  return {
    url: link(request, 'event', row.id),
    id: row.id,
    title: row.title,
    description: row.description,
    start: formatInZone(row.start, zone),
    end: formatInZone(row.end, zone),
    timezone: zone,
    creator: link(request, 'calendar-user', row.creatorId),
    created_on: row.createdOn.toISOString(),
    end_recurring_period: formatOptionalInZone(row.endRecurringPeriod, zone),
    rule: link(request, 'rule', row.ruleId),
    calendar: link(request, 'calendar', row.calendarId),
    notify_count: row.notifyCount,
    status: row.status,
    data: (row.data ?? null) as Record<string, unknown> | null,
    parent_event: link(request, 'event', row.parentEventId),
    occ_count: row.occCount,
    updated_on: row.updatedOn.toISOString(),
  }
}

/** A `get_list_child` item: Newfies' fields, times as Python printed them (`2013-12-17 16:26:07+00:00`), then Tocsin's. */
export function presentEventChild(request: FastifyRequest, row: Event) {
  return {
    url: link(request, 'event', row.id),
    title: row.title,
    description: row.description,
    start: pythonUtc(row.start),
    end: pythonUtc(row.end),
    id: row.id,
    status: row.status,
    occ_count: row.occCount,
  }
}

const METHOD_LABEL: Record<number, string> = { 1: 'CALL', 2: 'SMS', 3: 'EMAIL' }

/** A `get_list_alarm` item as Newfies built it: every value a string, the title Alarm.__unicode__. */
export function presentEventAlarm(request: FastifyRequest, row: AlarmRow, ev: Event) {
  return {
    url: link(request, 'alarm', row.id),
    title: `${row.id} - method:${METHOD_LABEL[row.method] ?? row.method} - ${ev.title}: ${djangoDate(ev.start)}`,
    phonenumber: row.alarmPhonenumber,
    daily_start: row.dailyStart,
    daily_stop: row.dailyStop,
    advance_notice: String(row.advanceNotice),
    maxretry: String(row.maxretry),
    retry_delay: String(row.retryDelay),
    num_attempt: String(row.numAttempt),
    method: String(row.method),
    status: String(row.status),
    result: String(row.result),
    created_date: pythonUtc(row.createdDate),
  }
}

export function presentAlarm(request: FastifyRequest, row: AlarmRow): Static<typeof AlarmSchema> {
  return {
    url: link(request, 'alarm', row.id),
    id: row.id,
    event: link(request, 'event', row.eventId),
    method: row.method,
    date_start_notice: formatInZone(row.dateStartNotice, row.eventTimezone),
    advance_notice: row.advanceNotice,
    daily_start: row.dailyStart,
    daily_stop: row.dailyStop,
    maxretry: row.maxretry,
    retry_delay: row.retryDelay,
    num_attempt: row.numAttempt,
    survey: link(request, 'sealed-survey', row.surveyId),
    sms_template: row.smsTemplate,
    mail_template: null,
    mail_subject: row.mailSubject,
    mail_text: row.mailText,
    alarm_phonenumber: row.alarmPhonenumber,
    alarm_email: row.alarmEmail,
    phonenumber_sms_failure: row.phonenumberSmsFailure,
    phonenumber_transfer: row.phonenumberTransfer,
    url_confirm: row.urlConfirm,
    url_cancel: row.urlCancel,
    status: row.status,
    result: row.result,
    failure_reason: failureReason(row.lastReason, row.lastReasonDetail),
    timezone: row.timezone,
    created_date: row.createdDate.toISOString(),
    updated_date: row.updatedDate.toISOString(),
  }
}

export function presentAlarmRequest(request: FastifyRequest, row: AlarmRequestRow): Static<typeof AlarmRequestSchema> {
  return {
    url: link(request, 'alarm-request', row.id),
    id: row.id,
    alarm: link(request, 'alarm', row.alarmId),
    event: link(request, 'event', row.eventId),
    date: row.date.toISOString(),
    status: row.status,
    callstatus: row.callstatus,
    duration: row.duration,
    callrequest: link(request, 'callrequest', row.callId),
    reason: row.reason,
    failure_reason: failureReason(row.reason, row.reasonDetail),
    retry_at: row.retryAt?.toISOString() ?? null,
    created_date: row.createdDate.toISOString(),
  }
}

/** The auth token is never shown, not even encrypted. */
export function presentGateway(request: FastifyRequest, kind: GatewayKind, row: Gateway) {
  return {
    url: link(request, kind, row.id),
    id: row.id,
    name: row.name,
    description: row.description,
    provider: row.provider,
    account_sid: row.accountSid,
    base_url: row.baseUrl,
    [SENDER_FIELD[kind]]: row.fromNumber,
    max_cps: row.maxCps,
    max_concurrent: row.maxConcurrent,
    status: row.status,
    opt_out_reply: row.optOutReply,
    opt_in_reply: row.optInReply,
    help_reply: row.helpReply,
    organization: link(request, 'organization', row.organizationId),
    user: link(request, 'user', row.userId),
    created_date: row.createdDate.toISOString(),
    updated_date: row.updatedDate.toISOString(),
  }
}
