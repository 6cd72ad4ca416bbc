import { fixedClock } from '../../src/kit/clock.js'
import { createAlarmDue } from '../../src/alarms/dispatch/dispatch.js'
import type { TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'

let counter = 0

export interface TestCalendar {
  manager: string
  settingId: number
  calendarUserId: number
  calendarId: number
}

async function expect(res: { statusCode: number; body: string; json(): any }, status: number): Promise<any> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
  return res.body === '' ? undefined : res.json()
}

/**
 * A new manager with a calendar setting (sealed survey 1 = the appointment reminder, gateway 1 = the simulator),
 * a calendar user and a calendar, all made through the API.
 */
export async function makeCalendar(server: TestServer, options: {
  setting?: Record<string, unknown>
  maxConcurrent?: number
  gateway?: number
  timezone?: string
} = {}): Promise<TestCalendar> {
  const n = ++counter
  const manager = `sched${n}_${process.pid}`
  await expect(await server.call({ method: 'POST', url: '/rest-api/user/', as: 'admin', payload: { username: manager, password: manager, role: 'manager' } }), 201)
  const setting = await expect(await server.call({
    method: 'POST', url: '/rest-api/calendar-setting/', as: manager,
    payload: {
      label: `${manager} setting`, survey: 1, aleg_gateway: options.gateway ?? 1, sms_gateway: 1, callerid: '+15550000001', call_timeout: 20,
      ...options.setting,
    },
  }), 201)
  const cu = await expect(await server.call({
    method: 'POST', url: '/rest-api/calendar-user/', as: manager,
    payload: { username: `cu_${manager}`, password: `cu_${manager}`, ...(options.timezone && { timezone: options.timezone }) },
  }), 201)
  await expect(await server.call({
    method: 'PATCH', url: `/rest-api/calendar-user-profile/${cu.id}/`, as: manager, payload: { calendar_setting: setting.id },
  }), 200)
  const cal = await expect(await server.call({
    method: 'POST', url: '/rest-api/calendar/', as: manager,
    payload: { name: `${manager} calendar`, user: cu.id, max_concurrent: options.maxConcurrent ?? 0 },
  }), 201)
  return { manager, settingId: setting.id, calendarUserId: cu.id, calendarId: cal.id }
}

export const DATA = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }

export const inMs = (ms: number) => new Date(Date.now() + ms)

export async function makeEvent(server: TestServer, cal: TestCalendar, payload: Record<string, unknown> = {}): Promise<any> {
  return expect(await server.call({
    method: 'POST', url: '/rest-api/event/', as: cal.manager,
    payload: {
      title: 'Checkup', calendar: cal.calendarId, start: inMs(3600_000).toISOString(), end: inMs(7200_000).toISOString(), data: DATA,
      ...payload,
    },
  }), 201)
}

export async function makeAlarm(server: TestServer, cal: TestCalendar, payload: Record<string, unknown>): Promise<any> {
  return expect(await server.call({ method: 'POST', url: '/rest-api/alarm/', as: cal.manager, payload }), 201)
}

export async function patch(server: TestServer, cal: TestCalendar, url: string, payload: Record<string, unknown>): Promise<any> {
  return expect(await server.call({ method: 'PATCH', url, as: cal.manager, payload }), 200)
}

export async function query<T = any>(server: TestServer, text: string, values: unknown[] = []): Promise<T[]> {
  return (await server.deps.database.pool.query(text, values)).rows as T[]
}

export async function alarmRow(server: TestServer, id: number): Promise<any> {
  return (await query(server, 'select * from alarm where id = $1', [id]))[0]
}

export async function requestsOf(server: TestServer, alarmId: number): Promise<any[]> {
  return query(server, 'select * from alarm_request where alarm_id = $1 order by id', [alarmId])
}

/** Waits until the alarm reaches one of `statuses` (default: any final one) and returns it. */
export async function settled(server: TestServer, alarmId: number, statuses = [3, 5, 6, 7], timeoutMs = 20_000): Promise<any> {
  return eventually(async () => {
    const row = await alarmRow(server, alarmId)
    return statuses.includes(row.status) ? row : null
  }, timeoutMs)
}

/** The job planned for an alarm, if any (not one a worker is running: that is an attempt under way). */
export async function alarmJob(server: TestServer, alarmId: number): Promise<{ run_at: Date } | undefined> {
  return (await query(server, 'select run_at from graphile_worker.jobs where key = $1 and locked_at is null', [`alarm:${alarmId}`]))[0]
}

/** When the alarm's next attempt is planned: its job's run_at, or (beyond the horizon) its alarm_schedule row. */
export async function plannedAt(server: TestServer, alarmId: number): Promise<Date | undefined> {
  const job = await alarmJob(server, alarmId)
  if (job) return job.run_at
  return (await query(server, 'select due_at from alarm_schedule where alarm_id = $1', [alarmId]))[0]?.due_at
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs the alarm's `alarm-due` job as a worker would at `instant`: the dispatcher decides by that clock, so a test can
 * exercise a decision at a moment of its choosing (alarms due hours ahead, which the running worker leaves alone)
 * instead of racing the real one. `due` is the job's payload (the time it was planned for).
 */
export async function runAlarmJobAt(server: TestServer, alarmId: number, instant: Date, due = instant): Promise<void> {
  await createAlarmDue({ ...server.deps, clock: fixedClock(instant) })({ alarmId, due: due.toISOString() })
}
