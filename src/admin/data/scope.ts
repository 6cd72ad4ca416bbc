import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { alarm, alarmRequest, calendar, call, event, smsMessage, users } from '../../db/schema/index.js'
import { calendarUserScope } from '../../calendar/scope.js'
import { visibleCalls } from '../../dialer/call-requests.js'
import type { AdminPrincipal } from '../session.js'

/**
 * What each account sees in the admin UI: the API's rules (calendar/scope.ts for everything hanging off a
 * calendar, visibleCalls for call requests) — a manager everything of the calendar users they manage, a calendar
 * user their own — except that an admin sees their own organization rather than every one.
 */

/** Condition on `calendar` (joined in the query): events, alarms, attempts and their texts. */
export function calendarScope(user: AdminPrincipal): SQL | undefined {
  if (user.role === 'admin') {
    return inArray(calendar.userId, sql`(select ${users.id} from ${users} where ${users.organizationId} = ${user.organizationId})`)
  }
  return calendarUserScope(user, calendar.userId)
}

/** The ids of the calendars in scope, for rows that only carry a calendar id. */
function scopedCalendarIds(user: AdminPrincipal): SQL {
  return sql`(select ${calendar.id} from ${calendar} where ${calendarScope(user) ?? sql`true`})`
}

/** Condition on `call`: the API's call requests in scope, and the calls of alarms on calendars in scope. */
export function callScope(user: AdminPrincipal): SQL {
  const organization = eq(call.organizationId, user.organizationId)
  if (user.role === 'admin') return organization
  return and(organization, or(visibleCalls(user), inArray(call.calendarId, scopedCalendarIds(user))))!
}

/** Condition on `sms_message`: an admin sees the organization's texts; others those of attempts and calls in scope. */
export function messageScope(user: AdminPrincipal): SQL {
  const organization = eq(smsMessage.organizationId, user.organizationId)
  if (user.role === 'admin') return organization
  const attempts = sql`(select ${alarmRequest.id} from ${alarmRequest}
    join ${alarm} on ${alarm.id} = ${alarmRequest.alarmId} join ${event} on ${event.id} = ${alarm.eventId}
    join ${calendar} on ${calendar.id} = ${event.calendarId} where ${calendarScope(user) ?? sql`true`})`
  const calls = sql`(select ${call.id} from ${call} where ${callScope(user)})`
  return and(organization, or(inArray(smsMessage.alarmRequestId, attempts), inArray(smsMessage.callId, calls)))!
}
