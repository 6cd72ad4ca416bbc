import type { LightMyRequestResponse } from 'fastify'
import type { AppDeps } from '../../src/deps.js'
import type { TestApp } from '../helpers/build.js'

type Call = TestApp['call']

/**
 * A sealed survey row (the survey API seeds built-in ones as 1..; when it has not, tests make their
 * own). `userId` null = shared (built-in). Returns its id.
 */
export async function ensureSealedSurvey(deps: AppDeps, opts: { id?: number; userId?: number | null; name?: string } = {}): Promise<number> {
  const pool = deps.database.pool
  if (opts.id !== undefined) {
    const { rows } = await pool.query('select id from sealed_survey where id = $1', [opts.id])
    if (rows.length > 0) return opts.id
  }
  const definition = JSON.stringify({ start: 'hello', nodes: [{ id: 'hello', type: 'hangup', prompt: { script: 'Hello' } }] })
  const values = [opts.name ?? 'test survey', definition, opts.userId ?? null]
  const { rows } = opts.id !== undefined
    ? await pool.query(`insert into sealed_survey (id, name, tts_language, tts_voice, definition, user_id, builtin)
        values ($4, $1, 'en-US', 'alice', $2, $3, $3::int is null) returning id`, [...values, opts.id])
    : await pool.query(`insert into sealed_survey (name, tts_language, tts_voice, definition, user_id, builtin)
        values ($1, 'en-US', 'alice', $2, $3, $3::int is null) returning id`, values)
  await pool.query(`select setval(pg_get_serial_sequence('sealed_survey', 'id'), (select max(id) from sealed_survey))`)
  return rows[0].id as number
}

export function json(res: LightMyRequestResponse): any {
  return res.json()
}

/** Asserts the status, returning the body; on a mismatch the body is in the message. */
export function expectStatus(res: LightMyRequestResponse, status: number): any {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
  return res.body === '' ? undefined : res.json()
}

export interface Tenant {
  manager: string
  managerId: number
  surveyId: number
  settingId: number
  calendarUserId: number
  calendarUser: string
  calendarId: number
  eventId: number
}

let counter = 0

/**
 * A manager (an existing one, or a new one made by admin) with a calendar setting, a calendar user,
 * a calendar and an event, all made through the API.
 */
export async function makeTenant(call: Call, deps: AppDeps, existingManager?: string): Promise<Tenant> {
  const n = ++counter
  let manager = existingManager ?? `mgr${n}_${Date.now() % 100000}`
  if (!existingManager) {
    expectStatus(await call({ method: 'POST', url: '/rest-api/user/', as: 'admin', payload: { username: manager, password: manager, role: 'manager' } }), 201)
  } else {
    manager = existingManager
  }
  const { rows } = await deps.database.pool.query('select id from users where username = $1', [manager])
  const managerId = rows[0].id as number
  const surveyId = await ensureSealedSurvey(deps, { userId: managerId, name: `${manager} survey` })
  const setting = expectStatus(await call({
    method: 'POST', url: '/rest-api/calendar-setting/', as: manager,
    payload: { label: `${manager} setting`, survey: surveyId, aleg_gateway: 1, sms_gateway: 1, callerid: '+14155550100' },
  }), 201)
  const calendarUser = `cu_${manager}`
  const cu = expectStatus(await call({
    method: 'POST', url: '/rest-api/calendar-user/', as: manager,
    payload: { username: calendarUser, password: calendarUser, email: `${calendarUser}@example.com` },
  }), 201)
  const cal = expectStatus(await call({
    method: 'POST', url: '/rest-api/calendar/', as: manager, payload: { name: `${manager} calendar`, user: cu.url },
  }), 201)
  const ev = expectStatus(await call({
    method: 'POST', url: '/rest-api/event/', as: manager,
    payload: { title: `${manager} event`, calendar: cal.id, start: '2030-01-10 09:00:00', end: '2030-01-10 10:00:00' },
  }), 201)
  return {
    manager, managerId, surveyId, settingId: setting.id, calendarUserId: cu.id, calendarUser, calendarId: cal.id, eventId: ev.id,
  }
}
