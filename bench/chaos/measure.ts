// What the chaos run checks, from both sides: Tocsin's database and what the simulated carrier saw. A carrier call
// belongs to the attempt whose call id its URL names (Tocsin's own id, given with every create).
import type { Pool } from 'pg'
import type { SimulatorState } from '../../src/simulator/simulator.js'
import type { PlannedAlarm } from './workload.js'

export interface ChaosFigures {
  alarms: number
  /**
   * The most carrier calls one attempt led to. An attempt Tocsin gave up as "not placed" is counted together with
   * the attempt that replaced it: had its call been placed after all, the patient's phone rang twice for one try.
   */
  max_calls_per_attempt: number
  /** alarms whose callee pressed an answer (1 or 2) on a call */
  answers_given: number
  /** of those, the alarms whose result is the answer last given */
  answers_recorded: number
  /** alarms (or attempts) not settled when the run ended */
  unsettled: number
  /** creates (accepted or refused) to numbers Tocsin knew had opted out: its own list, or a 21610 already answered */
  sends_to_opted_out: number
  /** webhooks (callbacks and TwiML requests) Tocsin answered with a 5xx */
  webhook_5xx: number
}

const callIdOf = (url: string) => Number(new URL(url).searchParams.get('call'))
const RESULT_OF_PRESS: Record<string, number> = { '1': 1, '2': 2 }

export async function measure(pool: Pool, sim: SimulatorState, plan: PlannedAlarm[], alarmIds: number[]): Promise<ChaosFigures & { detail: Record<string, number> }> {
  const q = async <T>(text: string, values: unknown[] = []) => (await pool.query(text, values)).rows as T[]
  const alarms = await q<{ id: number; status: number; result: number }>('select id, status, result from alarm where id = any($1)', [alarmIds])
  const requests = await q<{ id: number; alarm_id: number; call_id: number | null; status: number; reason: string | null }>(
    'select id, alarm_id, call_id, status, reason from alarm_request where alarm_id = any($1) order by id', [alarmIds])
  const calls = sim.calls()
  const callsById = new Map<number, typeof calls>()
  for (const c of calls) callsById.set(callIdOf(c.url), [...(callsById.get(callIdOf(c.url)) ?? []), c])

  let maxPerAttempt = 0
  let given = 0
  let recorded = 0
  for (const a of alarms) {
    let pending = 0
    let lastPress: string | null = null
    for (const r of requests.filter((x) => x.alarm_id === a.id)) {
      const mine = r.call_id === null ? [] : callsById.get(r.call_id) ?? []
      pending += mine.length
      if (r.reason !== 'not-placed') {
        maxPerAttempt = Math.max(maxPerAttempt, pending)
        pending = 0
      }
      for (const c of mine) for (const e of c.transcript) if (e.kind === 'press' && e.digits && e.digits in RESULT_OF_PRESS) lastPress = e.digits
    }
    maxPerAttempt = Math.max(maxPerAttempt, pending)
    if (lastPress !== null) {
      given++
      if (a.result === RESULT_OF_PRESS[lastPress]) recorded++
    }
  }

  const unsettled = alarms.filter((a) => [1, 2, 4].includes(a.status)).length + requests.filter((r) => r.status === 2).length

  const refusals = sim.refusals()
  const dnc = new Set(plan.filter((p) => p.role === 'do-not-contact').map((p) => p.number))
  let optedOutSends = 0
  for (const number of dnc) {
    optedOutSends += sim.calls({ to: number }).length + sim.messages({ to: number }).length + refusals.filter((r) => r.to === number).length
  }
  for (const number of new Set(plan.filter((p) => p.role === 'opted-out').map((p) => p.number))) {
    const first = refusals.find((r) => r.to === number && r.code === 21610)
    if (!first) continue
    const after = (at: Date) => at.getTime() > first.at.getTime()
    optedOutSends += sim.calls({ to: number }).filter((c) => after(c.dateCreated)).length
      + sim.messages({ to: number }).filter((m) => after(m.dateCreated)).length
      + refusals.filter((r) => r.to === number && r !== first).length
  }

  const messages = sim.messages()
  const webhooks = [...calls.flatMap((c) => c.webhooks), ...messages.flatMap((m) => m.webhooks)]
  const byStatus = (s: number) => alarms.filter((a) => a.status === s).length
  return {
    alarms: alarms.length,
    max_calls_per_attempt: maxPerAttempt,
    answers_given: given,
    answers_recorded: recorded,
    unsettled,
    sends_to_opted_out: optedOutSends,
    webhook_5xx: webhooks.filter((w) => w.status !== null && w.status >= 500).length,
    detail: {
      'alarms succeeded': byStatus(5),
      'alarms failed': byStatus(3),
      attempts: requests.length,
      'attempts not placed': requests.filter((r) => r.reason === 'not-placed').length,
      'calls placed by the carrier': calls.length,
      'texts sent by the carrier': messages.length,
      'creates refused (scripted error codes)': refusals.length,
      'creates answered 503 or cut off (call placed anyway)': calls.filter((c) => c.createAnswer !== 'created').length,
      'callees who hung up as they pressed': calls.filter((c) => c.transcript.some((e) => e.text === 'the callee hung up as they pressed')).length,
      'callbacks dropped': webhooks.filter((w) => w.error === 'not sent: chaos dropped it').length,
      'webhook requests sent': webhooks.filter((w) => w.status !== null || w.error === undefined).length,
      'webhooks answered 4xx': webhooks.filter((w) => w.status !== null && w.status >= 400 && w.status < 500).length,
    },
  }
}
