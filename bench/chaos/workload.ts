// What the chaos run asks of Tocsin: call and SMS alarms to simulated callees of every kind — people who confirm or
// cancel, stay silent, are busy or away, machines, numbers the carrier refuses, numbers that opted out at the
// carrier (each followed by a call alarm to the same number, which must never ring), numbers on Tocsin's own
// do-not-contact list. The n-th alarm always gets the same role, so a run with the same seed asks the same.
import type { CalleeScript } from '../../src/simulator/types.js'

export const ROLES = {
  confirm: { method: 'call', script: { behavior: 'answer', presses: ['1'] } },
  cancel: { method: 'call', script: { behavior: 'answer', presses: ['2'] } },
  silent: { method: 'call', script: { behavior: 'answer', presses: ['silence', 'silence'] } },
  busy: { method: 'call', script: { behavior: 'busy' } },
  away: { method: 'call', script: { behavior: 'no-answer' } },
  machine: { method: 'call', script: { behavior: 'machine' } },
  invalid: { method: 'call', script: { behavior: 'fail', error_code: 21211 } },
  text: { method: 'sms', script: { behavior: 'answer' } },
  undelivered: { method: 'sms', script: { behavior: 'fail' } },
  /** the carrier refuses to text it (21610); a call alarm to the same number follows (`after-opt-out`) */
  'opted-out': { method: 'sms', script: { error_code: 21610 } },
  'after-opt-out': { method: 'call', script: { behavior: 'answer', presses: ['1'] } },
  /** on the organization's do-not-contact list from the start */
  'do-not-contact': { method: 'call', script: { behavior: 'answer', presses: ['1'] } },
} as const satisfies Record<string, { method: 'call' | 'sms'; script: Partial<CalleeScript> }>
export type Role = keyof typeof ROLES

/** The mix, repeated: mostly reminders that get answered, and one of each kind of trouble. */
const CYCLE: Role[] = [
  'confirm', 'cancel', 'text', 'confirm', 'busy', 'silent', 'confirm', 'cancel', 'away', 'text',
  'machine', 'invalid', 'opted-out', 'confirm', 'undelivered', 'do-not-contact', 'cancel', 'text',
]

export interface PlannedAlarm {
  index: number
  role: Role
  number: string
  /** seconds after the run's start that the alarm is due */
  dueIn: number
}

/** `count` alarms, one new number each (an opted-out number's follow-up call reuses it), due over `spreadSeconds`. */
export function planWorkload(count: number, spreadSeconds: number): PlannedAlarm[] {
  const plan: PlannedAlarm[] = []
  for (let i = 0; plan.length < count; i++) {
    const role = CYCLE[i % CYCLE.length]!
    const number = `+1555${String(8_000_000 + plan.length).padStart(7, '0')}`
    const dueIn = (plan.length / Math.max(1, count)) * spreadSeconds
    plan.push({ index: plan.length, role, number, dueIn })
    // The follow-up comes well after the refusal, so that a text still in flight then cannot be mistaken for a miss.
    if (role === 'opted-out' && plan.length < count) {
      plan.push({ index: plan.length, role: 'after-opt-out', number, dueIn: dueIn + 20 })
    }
  }
  return plan
}
