// The chaos run (`npm run chaos`, and a small one in the tests): a calendar made through the API, call and SMS alarms
// to callees of every kind (workload.ts), the carrier simulator with every disorder on, then — once every alarm has
// settled, or the time is up — the figures (measure.ts).
import type { AppDeps } from '../../src/deps.js'
import type { ChaosSettings } from '../../src/simulator/chaos.js'
import type { Simulator } from '../../src/simulator/simulator.js'
import { measure, type ChaosFigures } from './measure.js'
import { planWorkload, ROLES } from './workload.js'

/** The issue's own example: every kind of disorder at once. */
export const FULL_CHAOS: ChaosSettings = {
  seed: 7, reorder: true, duplicate: 0.3, drop: 0.05, delay_ms: [0, 2000], final_before_action: 0.5, ambiguous_create: 0.2,
}

export interface ChaosTarget {
  deps: AppDeps
  simulator: Simulator
  /** A request to Tocsin's API as the user `manager` (JSON in, JSON out); throws on an error status. */
  api(method: 'POST' | 'PATCH', url: string, payload: object): Promise<any>
}

export interface ChaosOptions {
  alarms: number
  chaos?: ChaosSettings
  /** how long to wait for every alarm to settle */
  timeoutMs: number
  progress?: (line: string) => void
}

export type ChaosReport = ChaosFigures & { detail: Record<string, number>; seconds: number; chaos: ChaosSettings }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function runChaos(target: ChaosTarget, options: ChaosOptions): Promise<ChaosReport> {
  const { deps, simulator, api } = target
  const { state } = simulator
  const chaos = options.chaos ?? FULL_CHAOS
  const pool = deps.database.pool
  const say = options.progress ?? (() => {})

  const setting = await api('POST', '/rest-api/calendar-setting/', {
    label: 'chaos', survey: 1, aleg_gateway: 1, sms_gateway: 1, callerid: '+15550000001', call_timeout: 10,
  })
  const user = await api('POST', '/rest-api/calendar-user/', { username: `chaos_${Date.now()}`, password: 'chaos-password' })
  await api('PATCH', `/rest-api/calendar-user-profile/${user.id}/`, { calendar_setting: setting.id })
  const calendar = await api('POST', '/rest-api/calendar/', { name: 'chaos', user: user.id })
  const [{ organization_id: org }] = (await pool.query('select organization_id from users where id = $1', [user.id])).rows

  // Due over a few seconds per hundred alarms, starting once they have all been written.
  const plan = planWorkload(options.alarms, Math.max(3, options.alarms / 40))
  const data = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }
  const start = new Date(Date.now() + 3 * 3600_000).toISOString()
  for (const p of plan) {
    state.setNumber(p.number, ROLES[p.role].script)
    if (p.role === 'do-not-contact') {
      await pool.query('insert into do_not_contact (organization_id, phone_number, reason) values ($1, $2, $3) on conflict do nothing', [org, p.number, 'chaos run'])
    }
  }
  state.setChaos(chaos)
  const began = Date.now()
  const firstDue = began + 2_000 + options.alarms * 30
  const alarmIds: number[] = []
  let event: { id: number } | null = null
  for (const p of plan) {
    if (p.index % 25 === 0 || !event) event = await api('POST', '/rest-api/event/', { title: `Checkup ${p.index}`, calendar: calendar.id, start, data })
    const role = ROLES[p.role]
    const alarm = await api('POST', '/rest-api/alarm/', {
      event: event!.id,
      method: role.method === 'sms' ? 2 : 1,
      date_start_notice: new Date(firstDue + p.dueIn * 1000).toISOString(),
      alarm_phonenumber: p.number,
      ...(role.method === 'sms' && { sms_template: 'Reminder: your appointment at Mitte Clinic on Monday at 10:30.' }),
      maxretry: 1, retry_delay: 3,
      ...((p.role === 'busy' || p.role === 'away') && { phonenumber_sms_failure: `+1555${String(9_000_000 + p.index).padStart(7, '0')}` }),
    })
    alarmIds.push(alarm.id)
  }
  say(`${alarmIds.length} alarms written in ${((Date.now() - began) / 1000).toFixed(1)} s; due from ${new Date(firstDue).toISOString()}`)

  const deadline = Date.now() + options.timeoutMs
  let open = Infinity
  while (Date.now() < deadline) {
    await sleep(1000)
    const [row] = (await pool.query(`select
        (select count(*) from alarm where id = any($1) and status in (1, 2, 4))::int
      + (select count(*) from alarm_request where alarm_id = any($1) and status = 2)::int as open`, [alarmIds])).rows
    if (row.open !== open) say(`${row.open} alarms still open after ${((Date.now() - began) / 1000).toFixed(0)} s`)
    open = row.open
    if (open === 0 && state.activeCalls() === 0) break
  }
  // Late requests still on their way (the chaos delays them by up to delay_ms) are given time to land.
  await sleep(chaos.delay_ms[1] + 1000)
  const figures = await measure(pool, state, plan, alarmIds)
  state.setChaos(null)
  return { ...figures, seconds: Math.round((Date.now() - began) / 1000), chaos }
}

/** The invariants of issue 15's "done when", as problems in words (none: the run passed). */
export function violations(r: ChaosFigures): string[] {
  const problems: string[] = []
  if (r.max_calls_per_attempt > 1) problems.push(`an attempt led to ${r.max_calls_per_attempt} calls`)
  if (r.answers_recorded !== r.answers_given) problems.push(`${r.answers_given - r.answers_recorded} answers lost`)
  if (r.unsettled > 0) problems.push(`${r.unsettled} alarms or attempts unsettled`)
  if (r.sends_to_opted_out > 0) problems.push(`${r.sends_to_opted_out} sends to opted-out numbers`)
  if (r.webhook_5xx > 0) problems.push(`${r.webhook_5xx} webhooks answered 5xx`)
  return problems
}
