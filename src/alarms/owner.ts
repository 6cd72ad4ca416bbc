import { eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import {
  calendar, calendarSetting, calendarUserProfile, gateway, users,
  type Calendar, type CalendarSetting, type Event, type Gateway,
} from '../db/schema/index.js'

/** Who places an event's alarms and how: the calendar, its user's profile and calendar setting, the voice gateway. */
export interface AlarmOwner {
  calendar: Calendar
  organizationId: number
  /** the calendar user's manager: calls are placed in their name */
  managerId: number | null
  setting: CalendarSetting | null
  gateway: Gateway | null
}

/**
 * The calendar setting is the one of the profile of the calendar's user (Newfies-Dialer's appointment module takes this path for the
 * failure SMS; Newfies' other paths went through event.creator, and crashed when it had no profile).
 */
export async function ownerOf(tx: Tx, ev: Pick<Event, 'calendarId'>): Promise<AlarmOwner | null> {
  const [row] = await tx.select({
    calendar, organizationId: users.organizationId, managerId: calendarUserProfile.managerId, setting: calendarSetting, gateway,
  }).from(calendar)
    .innerJoin(users, eq(users.id, calendar.userId))
    .leftJoin(calendarUserProfile, eq(calendarUserProfile.userId, calendar.userId))
    .leftJoin(calendarSetting, eq(calendarSetting.id, calendarUserProfile.calendarSettingId))
    .leftJoin(gateway, eq(gateway.id, calendarSetting.alegGatewayId))
    .where(eq(calendar.id, ev.calendarId))
  if (!row) return null
  return { calendar: row.calendar, organizationId: row.organizationId, managerId: row.managerId, setting: row.setting, gateway: row.gateway }
}
