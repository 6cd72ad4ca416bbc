import type { TestServer } from '../../helpers/build.js'
import { eventually } from '../../helpers/worker.js'

async function expect(res: { statusCode: number; body: string; json(): any }, status: number): Promise<any> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
  return res.body === '' ? undefined : res.json()
}

export const HOUR = 3_600_000
export const DAY = 24 * HOUR

/** A whole second at least `ms` from now, so due times compare exactly. */
export const wholeSecondIn = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 1000) * 1000)

/**
 * Organization 1 as a clinic (Mitte Clinic, Berlin, a reception number) and `manager` as the doctor who books the
 * appointments (Grace Hopper): what the built-in reminder speaks.
 */
export async function setUpClinic(server: TestServer, organization: Record<string, unknown> = {}): Promise<void> {
  await expect(await server.call({
    method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin',
    payload: { name: 'Mitte Clinic', timezone: 'Europe/Berlin', default_region: 'DE', reception_phone: '+49 30 5550000', ...organization },
  }), 200)
  await expect(await server.call({ method: 'PATCH', url: '/rest-api/user/2/', as: 'admin', payload: { first_name: 'Grace', last_name: 'Hopper' } }), 200)
}

export async function makeContact(server: TestServer, payload: Record<string, unknown>): Promise<any> {
  return expect(await server.call({ method: 'POST', url: '/contact/', as: 'manager', payload }), 201)
}

/** An appointment of an hour from `start`, for `contact`. */
export async function makeAppointment(server: TestServer, contact: { uuid: string }, start: Date, extra: Record<string, unknown> = {}): Promise<any> {
  return expect(await server.call({
    method: 'POST', url: '/appointment/', as: 'manager',
    payload: { start_date: start.toISOString(), end_date: new Date(start.getTime() + HOUR).toISOString(), type: ['Checkup'], contact_uuid: contact.uuid, ...extra },
  }), 201)
}

export async function makePlan(server: TestServer, steps: Record<string, unknown>[], name = `plan ${Date.now()}`): Promise<any> {
  return expect(await server.call({ method: 'POST', url: '/reminderplans/', as: 'manager', payload: { name, steps } }), 201)
}

export async function timeline(server: TestServer, uuid: string): Promise<any> {
  return expect(await server.call({ method: 'GET', url: `/appointment/${uuid}/reminders/`, as: 'manager' }), 200)
}

export async function getAppointment(server: TestServer, uuid: string): Promise<any> {
  return expect(await server.call({ method: 'GET', url: `/appointment/${uuid}/`, as: 'manager' }), 200)
}

/** The id of the alarm that sends the appointment's step on `channel`. */
export async function alarmOf(server: TestServer, uuid: string, channel: string): Promise<number> {
  const step = (await timeline(server, uuid)).steps.find((s: any) => s.channel === channel)
  if (!step?.alarm) throw new Error(`no ${channel} alarm: ${JSON.stringify(step)}`)
  return Number(/\/alarm\/(\d+)\//.exec(step.alarm)![1])
}

/** Waits until the appointment's confirmation_status is `status`. */
export async function confirmation(server: TestServer, uuid: string, status: string, timeoutMs = 30_000): Promise<any> {
  return eventually(async () => {
    const a = await getAppointment(server, uuid)
    return a.confirmation_status === status ? a : null
  }, timeoutMs)
}

export async function query<T = any>(server: TestServer, text: string, values: unknown[] = []): Promise<T[]> {
  return (await server.deps.database.pool.query(text, values)).rows as T[]
}
