import type { FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import { ALARM_STATUS, type ReminderPlan } from '../../db/schema/index.js'
import { failureReason } from '../../alarms/failure-reason.js'
import { formatInZone } from '../../kit/date-time.js'
import { link } from '../../kit/links.js'
import type { ReminderPlan as PlanSchema } from '../../schemas/crm/reminder-plan.js'
import type { ReminderTimelineStep } from '../../schemas/crm/reminder.js'
import type { TimelineStep } from '../../crm/reminders/timeline.js'
import { crmLink } from './links.js'

export function presentPlan(request: FastifyRequest, row: ReminderPlan): Static<typeof PlanSchema> {
  return {
    uuid: row.uuid,
    url: crmLink(request, 'reminderplans', row.uuid),
    name: row.name,
    is_default: row.isDefault,
    steps: row.steps,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}

const ATTEMPT_STATUS: Record<number, string> = {
  [ALARM_STATUS.pending]: 'pending', [ALARM_STATUS.inProcess]: 'sending', [ALARM_STATUS.failure]: 'failed', [ALARM_STATUS.retry]: 'retry',
  [ALARM_STATUS.success]: 'succeeded', [ALARM_STATUS.expired]: 'expired', [ALARM_STATUS.cancelled]: 'cancelled',
}

/** Times in the appointment's zone. */
export function presentStep(request: FastifyRequest, s: TimelineStep, zone: string): Static<typeof ReminderTimelineStep> {
  const r = s.reminder
  return {
    step: r.step,
    channel: r.channel,
    offset_minutes: r.offsetMinutes,
    only_if_unconfirmed: r.onlyIfUnconfirmed,
    due: formatInZone(s.due, zone),
    state: s.state,
    reason: s.reason,
    attempts: s.alarm?.numAttempt ?? 0,
    result: s.result,
    alarm: link(request, 'alarm', s.alarm?.id),
    history: s.attempts.map((a, i) => ({
      attempt: i + 1,
      at: formatInZone(a.request.date, zone),
      status: ATTEMPT_STATUS[a.request.status] ?? String(a.request.status),
      failure_reason: failureReason(a.request.reason, a.request.reasonDetail),
      to: a.call?.toNumber ?? a.message?.toNumber ?? s.alarm?.alarmEmail ?? null,
      call_status: a.call?.status ?? null,
      transcript: a.call?.transcript ?? [],
      answers: a.answers,
      text: a.message?.body ?? null,
      message_status: a.message?.status ?? null,
    })),
  }
}
