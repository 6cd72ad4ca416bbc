// How an appointment hears its reminders (wired into the alarm scheduler by createDeps, src/app.ts): an answer sets
// its confirmation_status and notes it ("Confirmed by phone call at 10:02, attempt 1"), and a confirmation or
// cancellation stops every other step still to come, on every channel; a step whose retries are used up leaves it
// `unreachable`; and a step meant only for unconfirmed appointments is skipped when it comes due after an answer.
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { Tx } from '../../db/client.js'
import {
  alarm, ALARM_STATUS, appointment, calendar, organization, reminder, users, REMINDER_REASON, REMINDER_STATE, type Appointment, type ConfirmationStatus, type Reminder,
} from '../../db/schema/index.js'
import type { AlarmHooks, AnswerSource } from '../../alarms/hooks.js'
import { addReminderNote, clockTime } from './notes.js'
import { stopSteps } from './sync.js'
import { REMINDER_USER_PREFIX } from './reminder-calendar.js'

const STATUS_OF_RESULT: Record<number, ConfirmationStatus> = { 1: 'confirmed', 2: 'cancelled', 3: 'reschedule_requested' }
const SAID: Partial<Record<ConfirmationStatus, string>> = { confirmed: 'Confirmed', cancelled: 'Cancelled', reschedule_requested: 'New time requested' }
const BY: Record<AnswerSource, string> = { 'call': 'phone call', 'sms-reply': 'text message reply', 'admin': 'an administrator' }
const CHANNEL: Record<string, string> = { call: 'phone call', sms: 'text message', email: 'e-mail' }

/** The step an alarm sends and its appointment (locked), or null for alarms that are no reminder. */
async function stepOf(tx: Tx, alarmId: number): Promise<{ step: Reminder; appointment: Appointment } | null> {
  const [row] = await tx.select({ step: reminder, appointment }).from(reminder)
    .innerJoin(appointment, eq(appointment.id, reminder.appointmentId))
    .where(eq(reminder.alarmId, alarmId))
    .for('update', { of: appointment })
  return row ?? null
}

async function setStatus(tx: Tx, a: Appointment, status: ConfirmationStatus, at: Date): Promise<void> {
  await tx.update(appointment).set({ confirmationStatus: status, confirmationChangedAt: at }).where(eq(appointment.id, a.id))
}

/**
 * Whether a calendar may hold reminder steps: an organization's reminders calendar, now or before it was replaced
 * (reminder-calendar.ts: its user is a `reminders-…` system user). Remembered for the life of the process, as a
 * calendar never becomes one (a reminders calendar is always a new calendar), so the alarms of every other calendar
 * cost the hooks no query. A calendar taken for one wrongly only costs the step lookup.
 */
function createReminderCalendars() {
  const known = new Map<number, boolean>()
  return async function isReminderCalendar(tx: Tx, calendarId: number | null | undefined): Promise<boolean> {
    if (calendarId == null) return true // not known: the step lookup decides
    let is = known.get(calendarId)
    if (is === undefined) {
      const [row] = await tx.select({
        is: sql<boolean>`${users.username} like ${`${REMINDER_USER_PREFIX}%`}
          or exists (select 1 from ${organization} where ${organization.reminderCalendarId} = ${calendar.id})`,
      }).from(calendar).leftJoin(users, eq(users.id, calendar.userId)).where(eq(calendar.id, calendarId))
      is = row?.is !== false
      if (known.size > 10_000) known.clear()
      known.set(calendarId, is)
    }
    return is
  }
}

export function createReminderHooks({ logger }: { logger: Logger }): AlarmHooks {
  const isReminderCalendar = createReminderCalendars()
  return {
    answered: [async (tx, answer) => {
      if (!(await isReminderCalendar(tx, answer.calendarId))) return
      const found = await stepOf(tx, answer.alarmId)
      const status = STATUS_OF_RESULT[answer.result]
      if (!found || !status) return
      const { appointment: a } = found
      await setStatus(tx, a, status, answer.at)
      await addReminderNote(tx, a, `${SAID[status]} by ${BY[answer.source]} at ${clockTime(answer.at, a)}, attempt ${answer.attempt}`, answer.at)
      if (status === 'confirmed' || status === 'cancelled') {
        const others = await tx.select({ reminder }).from(reminder).innerJoin(alarm, eq(alarm.id, reminder.alarmId))
          .where(and(eq(reminder.appointmentId, a.id), ne(reminder.id, found.step.id), isNull(reminder.state),
            inArray(alarm.status, [ALARM_STATUS.pending, ALARM_STATUS.inProcess, ALARM_STATUS.retry])))
        await stopSteps(tx, others.map((o) => o.reminder), status === 'confirmed' ? REMINDER_REASON.confirmed : REMINDER_REASON.cancelled, answer.at)
      }
      logger.info({ appointmentId: a.id, status, source: answer.source }, 'appointment answered')
    }],
    ended: [async (tx, ended) => {
      if (ended.status !== ALARM_STATUS.failure || !ended.retriesUsedUp) return
      const found = await stepOf(tx, ended.alarmId)
      if (found?.appointment.confirmationStatus !== 'unconfirmed') return
      const { appointment: a, step } = found
      await setStatus(tx, a, 'unreachable', ended.at)
      const tries = ended.attempts === 1 ? '1 attempt' : `${ended.attempts} attempts`
      await addReminderNote(tx, a, `Unreachable by ${CHANNEL[step.channel] ?? step.channel} at ${clockTime(ended.at, a)}, after ${tries}`, ended.at)
    }],
    beforeAttempt: [async (tx, a, _now, calendarId) => {
      if (!(await isReminderCalendar(tx, calendarId))) return null
      const found = await stepOf(tx, a.id)
      if (!found) return null
      const status = found.appointment.confirmationStatus
      const reason = status === 'confirmed' ? REMINDER_REASON.confirmed : status === 'cancelled' ? REMINDER_REASON.cancelled
        : status === 'opted_out' ? REMINDER_REASON.optedOut
          : found.step.onlyIfUnconfirmed && status !== 'unconfirmed' && status !== 'unreachable' ? REMINDER_REASON.notUnconfirmed : null
      if (reason === null) return null
      await tx.update(reminder).set({ state: REMINDER_STATE.skipped, reason, updatedAt: new Date() }).where(eq(reminder.id, found.step.id))
      return `the appointment is ${status.replace('_', ' ')}`
    }],
  }
}
