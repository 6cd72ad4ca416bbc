// Everything an alarm's attempt needs, read in one query under the alarm's row lock: the alarm, its event, who owns
// the event (owner.ts), the sealed survey's voice, and whether the number asked not to be called. (One round trip
// instead of five: this runs for every attempt.)
import { and, eq, exists, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { builtOnce } from '../../db/built-once.js'
import {
  alarm, calendar, calendarSetting, calendarUserProfile, doNotContact, event, gateway, organization, sealedSurvey, smsGateway, users, type Alarm,
  type Event,
} from '../../db/schema/index.js'
import { DEFAULT_CONTACT_HOURS, type ContactHours } from '../contact-hours.js'
import { GATEWAY_STATUS } from '../../codes/gateway-status.js'
import type { AlarmOwner } from '../owner.js'

export interface AttemptContext {
  alarm: Alarm
  event: Event | null
  /** null when the event has no calendar (or the calendar no user) */
  owner: AlarmOwner | null
  /** the alarm's sealed survey, null when it has none or it does not exist */
  survey: { id: number; ttsLanguage: string; ttsVoice: string; definition: unknown } | null
  /** the calendar's texts can go out (readiness.ts smsGatewayUsable, in the same query) */
  smsGatewayUsable: boolean
  /** alarm_phonenumber is on the owner's do-not-contact list */
  doNotContact: boolean
  /** the owner's organization's contact hours (the defaults without an owner) */
  contactHours: ContactHours
}

// Built once and named (built-once.ts): building this join is most of its cost in Tocsin, planning it most of its
// cost in PostgreSQL (≈ 4 ms a call under load, against 0.2 ms to run it: docs/scaling.md).
const readLocked = builtOnce((tx) => tx.select({
    alarm,
    event,
    calendar,
    organizationId: users.organizationId,
    contactHoursStart: organization.contactHoursStart,
    contactHoursEnd: organization.contactHoursEnd,
    managerId: calendarUserProfile.managerId,
    setting: calendarSetting,
    gateway,
    survey: { id: sealedSurvey.id, ttsLanguage: sealedSurvey.ttsLanguage, ttsVoice: sealedSurvey.ttsVoice, definition: sealedSurvey.definition },
    smsGatewayUsable: sql<boolean>`exists (select 1 from ${smsGateway} where ${smsGateway.status} = ${GATEWAY_STATUS.active}
      and (${smsGateway.id} = ${calendarSetting.smsGatewayId} or ${calendarSetting.smsGatewayId} is null
        and (${smsGateway.organizationId} is null or ${smsGateway.organizationId} = ${users.organizationId})))`,
    doNotContact: exists(tx.select({ id: doNotContact.id }).from(doNotContact)
      .where(and(eq(doNotContact.organizationId, users.organizationId), eq(doNotContact.phoneNumber, alarm.alarmPhonenumber)))),
  }).from(alarm)
    .leftJoin(event, eq(event.id, alarm.eventId))
    .leftJoin(calendar, eq(calendar.id, event.calendarId))
    .leftJoin(users, eq(users.id, calendar.userId))
    .leftJoin(organization, eq(organization.id, users.organizationId))
    .leftJoin(calendarUserProfile, eq(calendarUserProfile.userId, calendar.userId))
    .leftJoin(calendarSetting, eq(calendarSetting.id, calendarUserProfile.calendarSettingId))
    .leftJoin(gateway, eq(gateway.id, calendarSetting.alegGatewayId))
    .leftJoin(sealedSurvey, eq(sealedSurvey.id, alarm.surveyId))
    .where(eq(alarm.id, sql.placeholder('alarmId')))
    .for('update', { of: alarm }), 'attempt_context')

export async function lockAttemptContext(tx: Tx, alarmId: number): Promise<AttemptContext | null> {
  const [row] = await readLocked(tx, { alarmId })
  if (!row) return null
  const owner = row.calendar && row.organizationId !== null
    ? { calendar: row.calendar, organizationId: row.organizationId, managerId: row.managerId, setting: row.setting, gateway: row.gateway }
    : null
  return {
    alarm: row.alarm, event: row.event, owner, survey: row.survey, smsGatewayUsable: row.smsGatewayUsable === true, doNotContact: row.doNotContact === true,
    contactHours: row.contactHoursStart !== null && row.contactHoursEnd !== null
      ? { start: row.contactHoursStart, end: row.contactHoursEnd } : DEFAULT_CONTACT_HOURS,
  }
}
