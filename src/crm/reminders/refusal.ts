import type { AttemptProblem } from '../../alarms/attempt-problems.js'
import { failureReason } from '../../alarms/failure-reason.js'
import { badRequest, type AppError, type FieldErrors } from '../../errors.js'
import { REMINDER_TAGS } from './tag-data.js'

export type StepProblem =
  | { step: number; kind: 'phone' | 'email' }
  | { step: number; kind: 'alarm'; problem: AttemptProblem }

/**
 * The 400 for reminders that cannot be sent, one field per missing piece under `reminders.`: the tag with no value
 * and where its value comes from, the gateway or survey missing (in failure-reason.ts's words), the contact's number.
 * `reminders_enabled: false` schedules none, for an appointment that must be saved anyway.
 */
export function refuse(problems: StepProblem[]): AppError {
  const fields: FieldErrors = {}
  for (const p of problems) {
    const step = `(step ${p.step + 1})`
    if (p.kind === 'phone') fields['reminders.phone'] ??= `the contact has no phone number to call or text ${step}`
    else if (p.kind === 'email') fields['reminders.email'] ??= `the contact has no e-mail address ${step}`
    else if (p.kind !== 'alarm') continue
    else if (p.problem.code === 'missing-tag') {
      for (const tag of p.problem.detail.split(', ').map((t) => t.replace(/[{}]/g, ''))) {
        const source = REMINDER_TAGS[tag as keyof typeof REMINDER_TAGS]
        fields[`reminders.${tag}`] ??= `no value for {${tag}} ${step}${source ? `: ${source} is empty` : ''}`
      }
    } else {
      fields[`reminders.${p.problem.field}`] ??= `${failureReason(p.problem.code, p.problem.detail)} ${step}`
    }
  }
  const list = Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; ')
  return badRequest(`reminders cannot be scheduled (set reminders_enabled to false to save the appointment without them): ${list}`, fields)
}
