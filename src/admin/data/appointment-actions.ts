import { and, desc, eq, isNull, ne } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client.js'
import {
  ALARM_RESULT, ALARM_STATUS, AUDIT_ACTION, alarm, alarmRequest, appointment, reminder, reminderPlan, type Appointment,
} from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { conflict, invalidField, notFound } from '../../errors.js'
import { isUuid } from '../../kit/values.js'
import { applyAnswer } from '../../alarms/apply-answer.js'
import { addReminderNote, clockTime } from '../../crm/reminders/notes.js'
import { syncReminders } from '../../crm/reminders/sync.js'
import { MANUAL_ANSWERS, type ManualAnswer } from '../confirmation.js'
import type { AdminPrincipal } from '../session.js'
import { recordAudit } from './audit.js'

const RESULT_OF: Record<ManualAnswer, number> = { confirmed: ALARM_RESULT.confirmed, cancelled: ALARM_RESULT.cancelled }

async function findAppointment(tx: Tx, user: AdminPrincipal, uuid: string, lock: boolean): Promise<Appointment> {
  if (!isUuid(uuid)) throw notFound('Appointment')
  const query = tx.select().from(appointment).where(and(eq(appointment.uuid, uuid.toLowerCase()), eq(appointment.organizationId, user.organizationId)))
  const [row] = lock ? await query.for('update') : await query
  if (!row) throw notFound('Appointment')
  return row
}

/** The newest attempt of one of the appointment's steps whose alarm can still take an answer. */
async function latestAttempt(tx: Tx, appointmentId: number): Promise<number | null> {
  const [row] = await tx.select({ id: alarmRequest.id }).from(reminder)
    .innerJoin(alarm, eq(alarm.id, reminder.alarmId)).innerJoin(alarmRequest, eq(alarmRequest.alarmId, alarm.id))
    .where(and(eq(reminder.appointmentId, appointmentId), isNull(alarm.deletedAt), ne(alarm.status, ALARM_STATUS.cancelled)))
    .orderBy(desc(alarmRequest.id)).limit(1)
  return row?.id ?? null
}

/**
 * An appointment marked confirmed or cancelled by hand, with the admin's note, audited in the same transaction.
 * When a reminder has already tried the patient, the answer goes through that attempt as any answer does
 * (alarms/apply-answer.ts, source `admin`): the alarm's result is set, url_confirm / url_cancel is called once, the
 * appointment's status and note follow, and the steps still to come stop. With no attempt yet there is no alarm
 * to answer (and no webhook to call): the status is set here and syncReminders stops the steps.
 */
export async function answerByHand(db: Db, deps: Pick<AppDeps, 'logger' | 'alarmHooks'>, user: AdminPrincipal, uuid: string,
  answer: ManualAnswer, note: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    // Not locked yet: an answer locks the alarm before the appointment, as settling a call does.
    const before = await findAppointment(tx, user, uuid, false)
    if (before.confirmationStatus === answer) throw conflict(`This appointment is already marked ${MANUAL_ANSWERS[answer].toLowerCase()}.`)
    const attemptId = await latestAttempt(tx, before.id)
    const applied = attemptId !== null && await applyAnswer(tx, deps, { alarmRequestId: attemptId, result: RESULT_OF[answer], source: 'admin' }, now)
    const a = await findAppointment(tx, user, uuid, true)
    if (!applied) {
      if (a.confirmationStatus === answer) throw conflict(`This appointment is already marked ${MANUAL_ANSWERS[answer].toLowerCase()}.`)
      await tx.update(appointment).set({ confirmationStatus: answer, confirmationChangedAt: now }).where(eq(appointment.id, a.id))
      await addReminderNote(tx, a, `${MANUAL_ANSWERS[answer]} by an administrator at ${clockTime(now, a)}`, now)
      await syncReminders(tx, a.id, { now })
    }
    if (note) await addReminderNote(tx, a, `Note from ${user.username}: ${note}`, now)
    await recordAudit(tx, user, {
      action: answer === 'confirmed' ? AUDIT_ACTION.appointmentConfirmed : AUDIT_ACTION.appointmentCancelled,
      targetType: 'appointment', targetId: a.uuid,
      detail: { note, previous_status: before.confirmationStatus, alarm_request_id: applied ? attemptId : null },
    })
  })
}

export interface ReminderChoice {
  /** a plan's uuid; null = the organization's default plan */
  planUuid: string | null
  enabled: boolean
}

/**
 * Which plan reminds the appointment, and whether it reminds at all: the steps are planned again at once
 * (crm/reminders/sync.ts). False when nothing changed (nothing is written or audited).
 */
export async function chooseReminders(db: Db, user: AdminPrincipal, uuid: string, choice: ReminderChoice, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const a = await findAppointment(tx, user, uuid, true)
    let plan: { id: number; name: string } | null = null
    if (choice.planUuid !== null) {
      const [row] = isUuid(choice.planUuid) ? await tx.select({ id: reminderPlan.id, name: reminderPlan.name }).from(reminderPlan)
        .where(and(eq(reminderPlan.uuid, choice.planUuid.toLowerCase()), eq(reminderPlan.organizationId, user.organizationId))) : []
      if (!row) throw invalidField('reminder_plan', 'No reminder plan with this id in your organization.')
      plan = row
    }
    if ((plan?.id ?? null) === a.reminderPlanId && choice.enabled === a.remindersEnabled) return false
    await tx.update(appointment).set({ reminderPlanId: plan?.id ?? null, remindersEnabled: choice.enabled, updatedAt: now }).where(eq(appointment.id, a.id))
    await syncReminders(tx, a.id, { now })
    await recordAudit(tx, user, {
      action: AUDIT_ACTION.appointmentRemindersChanged, targetType: 'appointment', targetId: a.uuid,
      detail: {
        summary: `${choice.enabled ? 'Reminders on' : 'Reminders off'}, plan: ${plan?.name ?? 'the default plan'}`,
        previous_plan_id: a.reminderPlanId, previous_enabled: a.remindersEnabled,
      },
    })
    return true
  })
}
