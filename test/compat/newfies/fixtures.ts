import type { Test } from 'tap'
import { body, type Newfies } from './harness.js'

/** A calendar setting, calendar user, calendar and event of `manager`, made through the API. */
export async function calendarChain(t: Test, n: Newfies, name = 'chain') {
  const setting = body(t, await n.curl('POST', '/rest-api/calendar-setting/', JSON.stringify({
    label: `${name}_setting`, callerid: '123456', caller_name: 'xyz', survey: n.link('sealed-survey', 1), aleg_gateway: n.link('gateway', 1), sms_gateway: n.link('sms-gateway', 1),
  })), 201)
  const user = body(t, await n.curl('POST', '/rest-api/calendar-user/', JSON.stringify({ username: `${name}_user`, password: `${name}_user`, email: `${name}@example.com` })), 201)
  const calendar = body(t, await n.curl('POST', '/rest-api/calendar/', JSON.stringify({ name: `${name}_calendar`, max_concurrent: '1', user: user.url })), 201)
  const event = body(t, await n.curl('POST', '/rest-api/event/', JSON.stringify({
    title: `${name}_event`, start: '2013-12-10 12:34:43', end: '2013-12-15 14:43:32', creator: user.url, end_recurring_period: '2013-12-27 12:23:34', calendar: calendar.url, status: '1',
  })), 201)
  return { setting, user, calendar, event }
}

/** A child event of `root` (what the scheduler grows for a recurring event, its data included), straight into the table. */
export async function childOf(n: Newfies, root: { id: number }, start: string, end: string, title = 'test-child-event'): Promise<number> {
  const { rows } = await n.deps.database.pool.query(
    `insert into event (title, description, start, "end", timezone, creator_id, calendar_id, parent_event_id, occ_count, data)
     select $1, '', $2, $3, timezone, creator_id, calendar_id, id, 1, data from event where id = $4 returning id`,
    [title, start, end, root.id])
  return rows[0].id as number
}

/**
 * What the seeded appointment-reminder survey (sealed survey 1, the one the examples name) speaks. Tocsin refuses an
 * alarm whose survey would speak a tag its event has no value for (issue 13; docs/compatibility.md), so the examples
 * that merely need an alarm give its event these values first, beside the example.
 */
export const SPOKEN_TAGS = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Grace Hopper', appointment_date: 'Tuesday 24 December', appointment_time: '08:55' }

export async function giveSpokenTags(n: Newfies, eventId: number): Promise<void> {
  await n.deps.database.pool.query('update event set data = $1 where id = $2', [JSON.stringify(SPOKEN_TAGS), eventId])
}
