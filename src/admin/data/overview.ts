import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { ALARM_RESULT, ALARM_STATUS, ATTEMPT_REASON } from '../../db/schema/index.js'
import { NOT_CONTACTED, OPTED_OUT } from '../outcome.js'
import type { AdminPrincipal } from '../session.js'
import { calendarScope } from './scope.js'

/**
 * The numbers of the overview, each one query over the user's scope. Raw SQL because they are reports (grouping,
 * time zones, a union of the two places an attempt is planned), not row reads.
 */

const scope = (user: AdminPrincipal): SQL => calendarScope(user) ?? sql`true`
/** A plan left behind by an alarm that has already ended (answered in the meantime, cancelled) is nothing to come. */
const stillToGo = sql`a.status in (${ALARM_STATUS.pending}, ${ALARM_STATUS.retry})`
const rows = async <T>(db: Db, query: SQL) => (await db.execute(query)).rows as T[]

/**
 * Planned attempts due before `until`: the queued `alarm-due` jobs (keyed `alarm:<id>`, alarmJobKey in
 * scheduler/plan.ts; graphile-worker's jobs view does not show payloads) and the rows of alarm_schedule further
 * ahead — plan.ts keeps exactly one of the two per alarm.
 */
const PLANNED = sql`with planned as (
  select substr(key, 7)::int as alarm_id, run_at as due from graphile_worker.jobs
    where task_identifier = 'alarm-due' and key like 'alarm:%' and attempts < max_attempts
  union all select alarm_id, due_at from alarm_schedule)`

export async function upcomingReminders(db: Db, user: AdminPrincipal, until: Date, limit: number) {
  return rows<{ alarm_id: number; due: Date; method: number; phone: string | null; email: string | null; event_id: number; appointment_uuid: string | null; title: string; start: Date; data: unknown }>(db, sql`
    ${PLANNED}
    select p.alarm_id, p.due, a.method, a.alarm_phonenumber as phone, a.alarm_email as email,
      event.id as event_id, (select ap.uuid from appointment ap where ap.reminder_event_id = event.id) as appointment_uuid, event.title, event.start, event.data
    from planned p join alarm a on a.id = p.alarm_id join event on event.id = a.event_id join calendar on calendar.id = event.calendar_id
    where p.due < ${until} and a.deleted_at is null and event.deleted_at is null and ${stillToGo} and ${scope(user)}
    order by p.due, p.alarm_id limit ${limit}`)
}

/** How many planned attempts fall before each of the given instants. */
export async function countUpcoming(db: Db, user: AdminPrincipal, bounds: Date[]): Promise<number[]> {
  const [row] = await rows<Record<string, number>>(db, sql`
    ${PLANNED}
    select ${sql.join(bounds.map((b, i) => sql`count(*) filter (where p.due < ${b})::int as ${sql.identifier(`n${i}`)}`), sql`, `)}
    from planned p join alarm a on a.id = p.alarm_id join event on event.id = a.event_id join calendar on calendar.id = event.calendar_id
    where a.deleted_at is null and event.deleted_at is null and ${stillToGo} and ${scope(user)}`)
  return bounds.map((_, i) => Number(row?.[`n${i}`] ?? 0))
}

/** Appointments starting in [from, to) with how many of them have a reminder. */
export async function appointmentsBetween(db: Db, user: AdminPrincipal, from: Date, to: Date) {
  const [row] = await rows<{ total: number; with_reminder: number }>(db, sql`
    select count(*)::int as total,
      count(*) filter (where exists (select 1 from alarm a where a.event_id = event.id and a.deleted_at is null))::int as with_reminder
    from event join calendar on calendar.id = event.calendar_id
    where event.start >= ${from} and event.start < ${to} and event.deleted_at is null and ${scope(user)}`)
  return { total: Number(row?.total ?? 0), withReminder: Number(row?.with_reminder ?? 0) }
}

export interface OutcomeGroup { key: string; attempts: number; reached: number; confirmed: number; failed: number }

/**
 * Settled attempts since `since`, grouped by `by`: channel (alarm method), attempt number (1, 2, 3, 4 = "4 or
 * more") or hour of day in the organization's zone. Reached = the attempt succeeded (answered, delivered, sent);
 * confirmed = the patient pressed confirm; failed = not reached (retried or given up).
 */
export async function outcomesBy(db: Db, user: AdminPrincipal, since: Date, by: 'channel' | 'attempt' | 'hour'): Promise<OutcomeGroup[]> {
  const key = by === 'channel' ? sql`a.method`
    : by === 'attempt' ? sql`least((select count(*) from alarm_request r2 where r2.alarm_id = r.alarm_id and r2.id <= r.id), 4)`
    : sql`extract(hour from r.date at time zone ${user.timezone})::int`
  const list = await rows<{ key: number; attempts: number; reached: number; confirmed: number; failed: number }>(db, sql`
    select ${key} as key, count(*)::int as attempts,
      count(*) filter (where r.status = ${ALARM_STATUS.success})::int as reached,
      count(*) filter (where r.status = ${ALARM_STATUS.success} and c.result = ${ALARM_RESULT.confirmed})::int as confirmed,
      count(*) filter (where r.status in (${ALARM_STATUS.failure}, ${ALARM_STATUS.retry}))::int as failed
    from alarm_request r join alarm a on a.id = r.alarm_id join event on event.id = a.event_id
      join calendar on calendar.id = event.calendar_id left join call c on c.id = r.call_id
    where r.date >= ${since} and r.status in (${ALARM_STATUS.success}, ${ALARM_STATUS.failure}, ${ALARM_STATUS.retry}) and ${scope(user)}
    group by 1 order by 1`)
  return list.map((r) => ({ key: String(r.key), attempts: Number(r.attempts), reached: Number(r.reached), confirmed: Number(r.confirmed), failed: Number(r.failed) }))
}

/**
 * Failed attempts since `since` grouped by why: the reason code, the channel, and — for set-up problems, which are
 * fixed per calendar — the calendar's name.
 */
export async function failuresByReason(db: Db, user: AdminPrincipal, since: Date) {
  const setup = NOT_CONTACTED.filter((r) => r !== ATTEMPT_REASON.doNotContact)
  return rows<{ reason: string | null; method: number; callstatus: number; calendar_name: string | null; n: number }>(db, sql`
    select r.reason, a.method, case when r.reason is null then r.callstatus else 0 end as callstatus,
      case when r.reason in (${sql.join(setup.map((s) => sql`${s}`), sql`, `)}) then calendar.name end as calendar_name, count(*)::int as n
    from alarm_request r join alarm a on a.id = r.alarm_id join event on event.id = a.event_id join calendar on calendar.id = event.calendar_id
    where r.date >= ${since} and r.status in (${ALARM_STATUS.failure}, ${ALARM_STATUS.retry}) and ${scope(user)}
    group by 1, 2, 3, 4 order by n desc, 1 limit 12`)
}

/** Reminders that ended without reaching the patient, and attempts stopped because the number opted out. */
export async function unreachedCounts(db: Db, user: AdminPrincipal, since: Date) {
  const optedOut = sql.join(OPTED_OUT.map((r) => sql`${r}`), sql`, `)
  const [row] = await rows<{ unreached: number; opted_out: number }>(db, sql`
    select count(*) filter (where r.status = ${ALARM_STATUS.failure} and (r.reason is null or r.reason not in (${optedOut})))::int as unreached,
      count(*) filter (where r.reason in (${optedOut}))::int as opted_out
    from alarm_request r join alarm a on a.id = r.alarm_id join event on event.id = a.event_id join calendar on calendar.id = event.calendar_id
    where r.date >= ${since} and ${scope(user)}`)
  return { unreached: Number(row?.unreached ?? 0), optedOut: Number(row?.opted_out ?? 0) }
}
