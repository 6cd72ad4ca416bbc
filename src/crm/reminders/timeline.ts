// GET /appointment/{uuid}/reminders/: every step planned for the appointment, in due order, with what became of it —
// read from its reminder row, its alarm, the alarm's attempts and their calls (what was said and pressed) or texts.
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import {
  alarm, ALARM_STATUS, alarmRequest, appointment, call, reminder, smsMessage, surveyResult,
  type Alarm, type AlarmRequest, type Call, type Reminder, type SmsMessage,
} from '../../db/schema/index.js'
import { notFound } from '../../errors.js'
import { isUuid } from '../../kit/values.js'
import { failureReason } from '../../alarms/failure-reason.js'
import { plannedDue } from '../../alarms/plan/plan.js'
import type { CrmScope } from '../scope.js'

export type TimelineState = 'scheduled' | 'sending' | 'answered' | 'delivered' | 'failed' | 'skipped' | 'cancelled'

export interface TimelineAttempt {
  request: AlarmRequest
  call: Call | null
  answers: { node: string; response: string }[]
  message: SmsMessage | null
}

export interface TimelineStep {
  reminder: Reminder
  alarm: Alarm | null
  state: TimelineState
  due: Date
  reason: string | null
  /** the same as a code: the step's own (`no-contact`, `bad-phone`, `too-late`, …) or its last attempt's */
  reasonCode: string | null
  result: 'confirmed' | 'cancelled' | 'reschedule_requested' | null
  attempts: TimelineAttempt[]
}

const STEP_REASON: Record<string, string> = {
  'too-late': 'it was already due, and the appointment less than an hour away',
  'not-unconfirmed': 'it is sent only while the appointment is unconfirmed, and the appointment had been answered',
  'confirmed': 'the appointment was confirmed',
  'cancelled': 'the appointment was cancelled',
  'not-wanted': 'reminders were turned off, the contact removed, or the step taken out of the plan',
  'moved': 'the appointment was moved',
  'deleted': 'the appointment was deleted',
  'no-contact': "its contact_uuid names no contact of the appointment's organization (unknown, deleted, or another organization's)",
  'bad-phone': "the contact's phone number cannot be read as an international (E.164) number with the organization's country",
  'opted-out': "the contact's number opted out of reminders (STOP, or the do-not-contact list)",
}
const RESULT = { 1: 'confirmed', 2: 'cancelled', 3: 'reschedule_requested' } as const

function stateOf(r: Reminder, a: Alarm | null): TimelineState {
  if (r.state) return r.state
  switch (a?.status) {
    case ALARM_STATUS.pending: case ALARM_STATUS.retry: return 'scheduled'
    case ALARM_STATUS.inProcess: return 'sending'
    case ALARM_STATUS.success: return r.channel === 'call' && a.result !== 0 ? 'answered' : 'delivered'
    case ALARM_STATUS.failure: return 'failed'
    case ALARM_STATUS.cancelled: return 'cancelled'
    default: return 'skipped' // expired, or never planned
  }
}

function reasonOf(r: Reminder, a: Alarm | null, last: AlarmRequest | undefined, state: TimelineState): string | null {
  if (r.reason) return STEP_REASON[r.reason] ?? r.reason
  if (a?.status === ALARM_STATUS.expired) return 'too late to be useful when it came due (the server was down, or the appointment had begun)'
  if (last && (state === 'failed' || state === 'scheduled')) return failureReason(last.reason, last.reasonDetail)
  return null
}

function dueOf(r: Reminder, a: Alarm | null, last: AlarmRequest | undefined): Date {
  if (!r.state && a?.status === ALARM_STATUS.pending) return plannedDue(a)
  if (!r.state && a?.status === ALARM_STATUS.retry && last?.retryAt) return last.retryAt
  return r.dueAt
}

export async function reminderTimeline(db: Db, scope: CrmScope, uuid: string): Promise<TimelineStep[]> {
  if (!isUuid(uuid)) throw notFound('Appointment')
  const [appt] = await db.select({ id: appointment.id }).from(appointment)
    .where(and(eq(appointment.uuid, uuid.toLowerCase()), eq(appointment.organizationId, scope.organizationId)))
  if (!appt) throw notFound('Appointment')
  const rows = await db.select({ reminder, alarm }).from(reminder).leftJoin(alarm, eq(alarm.id, reminder.alarmId))
    .where(eq(reminder.appointmentId, appt.id)).orderBy(asc(reminder.dueAt), asc(reminder.id))
  const alarmIds = rows.flatMap((r) => (r.alarm ? [r.alarm.id] : []))
  const requests = alarmIds.length === 0 ? [] : await db.select().from(alarmRequest)
    .where(inArray(alarmRequest.alarmId, alarmIds)).orderBy(asc(alarmRequest.id))
  const callIds = requests.flatMap((q) => (q.callId === null ? [] : [q.callId]))
  const calls = callIds.length === 0 ? [] : await db.select().from(call).where(inArray(call.id, callIds))
  const answers = callIds.length === 0 ? [] : await db.select().from(surveyResult).where(inArray(surveyResult.callId, callIds)).orderBy(asc(surveyResult.id))
  const requestIds = requests.map((q) => q.id)
  const messages = requestIds.length === 0 ? [] : await db.select().from(smsMessage).where(inArray(smsMessage.alarmRequestId, requestIds))
    .orderBy(asc(smsMessage.id))
  return rows.map(({ reminder: r, alarm: a }) => {
    const mine = requests.filter((q) => q.alarmId === a?.id)
    const last = mine[mine.length - 1]
    const state = stateOf(r, a)
    return {
      reminder: r,
      alarm: a,
      state,
      due: dueOf(r, a, last),
      reason: reasonOf(r, a, last, state),
      reasonCode: r.reason ?? (last && (state === 'failed' || state === 'scheduled') ? last.reason : null),
      result: a ? RESULT[a.result as keyof typeof RESULT] ?? null : null,
      attempts: mine.map((q) => ({
        request: q,
        call: calls.find((c) => c.id === q.callId) ?? null,
        answers: answers.filter((s) => s.callId === q.callId).map((s) => ({ node: s.nodeId, response: s.response })),
        // the step's own text (not the failure text, which goes elsewhere)
        message: messages.find((m) => m.alarmRequestId === q.id) ?? null,
      })),
    }
  })
}
