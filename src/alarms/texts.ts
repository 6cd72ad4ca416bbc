import { DateTime } from 'luxon'
import { fillTags } from '../../ivr/index.js'
import type { Alarm, Event } from '../db/schema/index.js'

/** The tags every event fills from its own fields (eventTagData), whatever its data holds. */
export const EVENT_TAGS = ['title', 'description', 'start', 'start_date', 'start_time', 'end', 'end_time', 'timezone'] as const

/**
 * What `{tags}` in prompts, SMS and e-mail texts are filled from: the event's own fields (title, description, start
 * and end on the event's wall clock), overridden by anything of the same name in event.data.
 */
export function eventTagData(ev: Pick<Event, 'title' | 'description' | 'start' | 'end' | 'timezone' | 'data'>): Record<string, unknown> {
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: ev.timezone })
  const start = local(ev.start)
  return {
    title: ev.title,
    description: ev.description ?? '',
    start: start.toISO(),
    start_date: start.toISODate(),
    start_time: start.toFormat('HH:mm'),
    end: local(ev.end).toISO(),
    end_time: local(ev.end).toFormat('HH:mm'),
    timezone: ev.timezone,
    ...(isObject(ev.data) ? ev.data : {}),
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** An SMS or e-mail text with its `{tags}` filled as written (no digit-by-digit phone numbers: that is for speech). */
export function fillText(template: string, ev: Parameters<typeof eventTagData>[0]): string {
  return fillTags(template, { data: eventTagData(ev) }, 'plain')
}

/** event.data.sms_failure, the text for phonenumber_sms_failure, when the event has one. */
export function customFailureText(ev: Pick<Event, 'data'>): string | null {
  return isObject(ev.data) && typeof ev.data.sms_failure === 'string' && ev.data.sms_failure.trim() !== '' ? ev.data.sms_failure : null
}

/**
 * The text sent to phonenumber_sms_failure (and only there) after the last failed attempt: event.data.sms_failure
 * with Newfies' two placeholders and any {tags} filled like every other text, else Newfies' default sentence.
 */
export function failureSmsText(
  a: Pick<Alarm, 'alarmPhonenumber' | 'alarmEmail' | 'numAttempt'>,
  ev: Pick<Event, 'data'> & Partial<Parameters<typeof eventTagData>[0]>,
): string {
  const who = a.alarmPhonenumber ?? a.alarmEmail ?? ''
  const custom = customFailureText(ev)
  if (custom === null) return `we haven't been able to reach '${who}' after trying ${a.numAttempt} times`
  const placed = custom.replaceAll('#alarm_phonenumber#', who).replaceAll('#num_attempt#', String(a.numAttempt))
  return fillTags(placed, { data: isFullEvent(ev) ? eventTagData(ev) : isObject(ev.data) ? ev.data : {} }, 'plain')
}

function isFullEvent(ev: Partial<Parameters<typeof eventTagData>[0]>): ev is Parameters<typeof eventTagData>[0] {
  return ev.start instanceof Date && ev.end instanceof Date && typeof ev.timezone === 'string'
}
