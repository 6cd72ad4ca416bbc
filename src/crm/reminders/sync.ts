// Keeps an appointment's reminders in step with it, inside the transaction that writes the appointment (or its
// contact, or an answer): each step of its plan is planned for the current start once — as an alarm of the
// appointment's reminder event (reminder-calendar.ts), handed to the alarm scheduler — and a step not yet begun
// follows the appointment when it moves. A step already past is sent at once while the appointment is more than an
// hour away, else skipped with that reason. Disabling reminders, removing the contact, deleting the appointment, an
// answer that settles it, or its number opting out stops every step still to come (opting back in plans again what
// the opt-out stopped: opt-out.ts). A step that cannot be sent (no gateway, no survey, a
// {tag} with no value, no number) is refused with a 400 naming the missing piece, and nothing is written. The CRM's
// contact_uuid is a soft reference and its phone numbers are kept as written (as the original's were): a contact_uuid
// naming no contact of the appointment's organization, or a number that cannot be made E.164 with the organization's
// country, does not refuse the appointment; the step is recorded as skipped with reason `no-contact` / `bad-phone`
// (worded in timeline.ts), never silently left out.
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import {
  alarm, alarmRequest, ALARM_STATUS, ATTEMPT_REASON, appointment, contact, event, organization, reminder, reminderPlan, users,
  REMINDER_REASON, REMINDER_STATE, type Appointment, type Reminder, type ReminderReason, type ReminderStep,
} from '../../db/schema/index.js'
import { cancelAlarms } from '../../alarms/cancel-alarms.js'
import { scheduleAlarms } from '../../alarms/plan/replan.js'
import { readinessProblems } from '../../alarms/readiness.js'
import { defaultPlan } from './plans.js'
import { reminderCalendar } from './reminder-calendar.js'
import { dialableOf, phoneOf, stepAlarm, stepDue, type StepAlarm } from './step-alarm.js'
import { reminderTagData } from './tag-data.js'
import { refuse, type StepProblem } from './refusal.js'

const HOUR = 3_600_000
/** Steps not sent for these reasons are planned again once the contact is fixed (found, or given a usable number). */
const UNTIL_FIXED: ReadonlySet<string | null> = new Set([REMINDER_REASON.noContact, REMINDER_REASON.badPhone])
const OPEN: number[] = [ALARM_STATUS.pending, ALARM_STATUS.inProcess, ALARM_STATUS.retry]

/** A step's alarm that ended on the do-not-contact list (stopped when its number opted out, or refused at dispatch). */
const ON_THE_LIST: ReadonlySet<string | null> = new Set([ATTEMPT_REASON.optedOut, ATTEMPT_REASON.doNotContact])

type Row = { reminder: Reminder; alarmStatus: number | null; lastReason: string | null }
const isLive = (r: Row) => r.reminder.state === null && r.alarmStatus !== null && OPEN.includes(r.alarmStatus)

/** A step that was not sent because its number had opted out: the step stopped for it, or its alarm ended on the list. */
const stoppedByOptOut = (r: Row) => r.reminder.reason === REMINDER_REASON.optedOut
  || (r.reminder.state === null && r.alarmStatus === ALARM_STATUS.failure && ON_THE_LIST.has(r.lastReason))

/** Why nothing more should be sent for this appointment, or null. */
function stopReason(a: Appointment, hasContact: boolean, deleting: boolean): ReminderReason | null {
  if (deleting) return REMINDER_REASON.deleted
  if (a.confirmationStatus === 'confirmed') return REMINDER_REASON.confirmed
  if (a.confirmationStatus === 'cancelled') return REMINDER_REASON.cancelled
  if (!a.remindersEnabled || !hasContact) return REMINDER_REASON.notWanted
  if (a.confirmationStatus === 'opted_out') return REMINDER_REASON.optedOut
  return null
}

/** Ends these steps (their alarms cancelled) with a reason, as `state` (cancelled, or skipped when never sent). */
export async function stopSteps(tx: Tx, rows: Reminder[], reason: ReminderReason, now: Date, state: 'cancelled' | 'skipped' = 'cancelled'): Promise<void> {
  if (rows.length === 0) return
  await cancelAlarms(tx, rows.map((r) => r.alarmId).filter((id): id is number => id !== null), now)
  await tx.update(reminder).set({ state: REMINDER_STATE[state], reason, updatedAt: now }).where(inArray(reminder.id, rows.map((r) => r.id)))
}

/**
 * `optedBackIn`: the contact's number came off the do-not-contact list, so the steps its opt-out stopped for this start
 * are planned again (any other sync keeps them stopped: a number may still be on the list).
 */
export async function syncReminders(
  tx: Tx, appointmentId: number, options: { now?: Date; deleting?: boolean; optedBackIn?: boolean } = {},
): Promise<void> {
  const now = options.now ?? new Date()
  const [appt] = await tx.select().from(appointment).where(eq(appointment.id, appointmentId)).for('update')
  if (!appt) return
  const rows: Row[] = await tx.select({
    reminder, alarmStatus: alarm.status,
    lastReason: sql<string | null>`(select r.reason from ${alarmRequest} r where r.alarm_id = ${reminder.alarmId} order by r.id desc limit 1)`,
  }).from(reminder)
    .leftJoin(alarm, eq(alarm.id, reminder.alarmId)).where(eq(reminder.appointmentId, appt.id)).orderBy(reminder.id)
  const live = rows.filter(isLive)
  const [person] = appt.contactUuid === null ? [] : await tx.select().from(contact)
    .where(and(eq(contact.uuid, appt.contactUuid), eq(contact.organizationId, appt.organizationId)))

  // No contact_uuid at all: nothing to remind (not a failure). One that names no contact here: recorded (below).
  const stopped = stopReason(appt, appt.contactUuid !== null, options.deleting ?? false)
  if (stopped) {
    await stopSteps(tx, live.map((r) => r.reminder), stopped, now)
    if (options.deleting && appt.reminderEventId !== null) {
      await tx.update(event).set({ deletedAt: now, updatedOn: now }).where(and(eq(event.id, appt.reminderEventId), isNull(event.deletedAt)))
    }
    return
  }

  const [org] = await tx.select().from(organization).where(eq(organization.id, appt.organizationId))
  const [named] = appt.reminderPlanId === null ? [] : await tx.select().from(reminderPlan).where(eq(reminderPlan.id, appt.reminderPlanId))
  const plan = named ?? await defaultPlan(tx, appt.organizationId)
  const start = appt.startDate
  if (!person) {
    const outside = live.filter((r) => r.reminder.planId !== plan.id || r.reminder.step >= plan.steps.length)
    await stopSteps(tx, outside.map((r) => r.reminder), REMINDER_REASON.notWanted, now)
    await notSendable(tx, { appointment: appt, plan, rows, steps: plan.steps.map((_, i) => i), reason: REMINDER_REASON.noContact, now })
    return
  }

  // What each step needs: kept as it is (under way, or already dealt with for this start), planned (new or moved),
  // or skipped (past, with the appointment within the hour).
  const planned: { step: number; due: Date; row: Row | undefined }[] = []
  const skipped: { step: number; due: Date; row: Row | undefined }[] = []
  const kept = new Set<Row>()
  for (const [i, step] of plan.steps.entries()) {
    const mine = (r: Row) => r.reminder.step === i && r.reminder.planId === plan.id
    const current = live.find(mine)
    if (current && current.alarmStatus !== ALARM_STATUS.pending) { kept.add(current); continue }
    const dealtWith = (r: Row) => mine(r) && r.reminder.forStart.getTime() === start.getTime() && !UNTIL_FIXED.has(r.reminder.reason)
      && !(options.optedBackIn && stoppedByOptOut(r))
    if (!current && rows.some(dealtWith)) continue
    if (current) kept.add(current)
    let due = stepDue(start, step.offset_minutes, appt.timezone)
    if (due <= now) {
      if (start.getTime() - now.getTime() > HOUR) due = now
      else { skipped.push({ step: i, due, row: current }); continue }
    }
    planned.push({ step: i, due, row: current })
  }
  await stopSteps(tx, live.filter((r) => !kept.has(r)).map((r) => r.reminder), REMINDER_REASON.notWanted, now)
  await stopSteps(tx, skipped.flatMap((s) => (s.row ? [s.row.reminder] : [])), REMINDER_REASON.tooLate, now, 'skipped')
  for (const s of skipped.filter((s) => !s.row)) {
    await tx.insert(reminder).values({
      ...rowValues(plan.id, plan.steps[s.step]!, s.step, start, s.due), appointmentId: appt.id, state: REMINDER_STATE.skipped, reason: REMINDER_REASON.tooLate,
    })
  }
  // A number kept as written that is no E.164 number in the organization's country: its call and SMS steps are
  // recorded as not sent (the e-mail steps go on).
  const written = phoneOf(person)
  const dialable = written === null ? null : dialableOf(written, org!.defaultRegion)
  if (written !== null && dialable === null) {
    const byPhone = planned.filter((p) => plan.steps[p.step]!.channel !== 'email')
    await notSendable(tx, { appointment: appt, plan, rows, steps: byPhone.map((p) => p.step), reason: REMINDER_REASON.badPhone, now })
    planned.splice(0, planned.length, ...planned.filter((p) => !byPhone.includes(p)))
  }
  if (planned.length === 0) return

  // The event the alarms hang off: the appointment as the calendar sees it, its {tags} filled from the CRM.
  const cal = await reminderCalendar(tx, org!)
  const [owner] = await tx.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.uuid, appt.owner))
  const data = reminderTagData({
    appointment: appt, contact: person, organizationName: org!.name, ownerName: owner ? `${owner.firstName} ${owner.lastName}` : null,
  })
  const eventValues = {
    title: appt.name.trim() || 'Appointment', description: appt.summary || null, start, end: appt.endDate, timezone: appt.timezone,
    creatorId: cal.userId, calendarId: cal.calendarId, status: 1, data, updatedOn: now,
  }
  const context = { appointment: appt, contact: person, organization: org!, surveys: cal }
  const alarms = planned.map((p) => {
    const a = stepAlarm(plan.steps[p.step]!, p.due, context)
    return a.alarmPhonenumber === null ? a : { ...a, alarmPhonenumber: dialable }
  })

  const problems: StepProblem[] = []
  for (const [k, p] of planned.entries()) {
    const a = alarms[k]!
    if (a.method !== 3 && !a.alarmPhonenumber) problems.push({ step: p.step, kind: 'phone' })
    else if (a.method === 3 && !a.alarmEmail) problems.push({ step: p.step, kind: 'email' })
    for (const problem of await readinessProblems(tx, a, eventValues)) problems.push({ step: p.step, kind: 'alarm', problem })
  }
  if (problems.length > 0) throw refuse(problems)

  const eventId = await writeEvent(tx, appt, eventValues)
  const alarmIds: number[] = []
  for (const [k, p] of planned.entries()) {
    alarmIds.push(await writeStep(tx, {
      appointmentId: appt.id, eventId, planId: plan.id, index: p.step, step: plan.steps[p.step]!, due: p.due, start, alarm: alarms[k]!, row: p.row?.reminder, now,
    }))
  }
  await scheduleAlarms(tx, alarmIds)
}

/**
 * Steps that cannot be sent for this start (`reason`): a live one is cancelled (its alarm with it), one not yet planned
 * for this start gets a skipped row; either way the timeline says why, once per start.
 */
async function notSendable(tx: Tx, s: {
  appointment: Appointment; plan: { id: number; steps: ReminderStep[] }; rows: Row[]; steps: number[]; reason: ReminderReason; now: Date
}): Promise<void> {
  const start = s.appointment.startDate
  for (const index of s.steps) {
    const step = s.plan.steps[index]!
    const mine = s.rows.filter((r) => r.reminder.step === index && r.reminder.planId === s.plan.id)
    const current = mine.find(isLive)
    if (current) {
      await stopSteps(tx, [current.reminder], s.reason, s.now)
      continue
    }
    if (mine.some((r) => r.reminder.forStart.getTime() === start.getTime() && r.reminder.reason === s.reason)) continue
    await tx.insert(reminder).values({
      ...rowValues(s.plan.id, step, index, start, stepDue(start, step.offset_minutes, s.appointment.timezone)),
      appointmentId: s.appointment.id, state: REMINDER_STATE.skipped, reason: s.reason,
    })
  }
}

function rowValues(planId: number, step: ReminderStep, index: number, start: Date, due: Date) {
  return {
    planId, step: index, channel: step.channel, offsetMinutes: step.offset_minutes, onlyIfUnconfirmed: step.only_if_unconfirmed, forStart: start, dueAt: due,
  }
}

async function writeEvent(tx: Tx, appt: Appointment, values: typeof event.$inferInsert): Promise<number> {
  if (appt.reminderEventId !== null) {
    const [updated] = await tx.update(event).set(values).where(and(eq(event.id, appt.reminderEventId), isNull(event.deletedAt))).returning({ id: event.id })
    if (updated) return updated.id
  }
  const [made] = await tx.insert(event).values(values).returning({ id: event.id })
  await tx.update(appointment).set({ reminderEventId: made!.id }).where(eq(appointment.id, appt.id))
  return made!.id
}

/** A new step gets its alarm and row; a step not yet begun is moved (its alarm and row rewritten in place). */
async function writeStep(tx: Tx, s: {
  appointmentId: number; eventId: number; planId: number; index: number; step: ReminderStep; due: Date; start: Date
  alarm: StepAlarm; row: Reminder | undefined; now: Date
}): Promise<number> {
  const values = rowValues(s.planId, s.step, s.index, s.start, s.due)
  if (s.row?.alarmId) {
    await tx.update(alarm).set({ ...s.alarm, eventId: s.eventId, updatedDate: s.now }).where(eq(alarm.id, s.row.alarmId))
    await tx.update(reminder).set({ ...values, updatedAt: s.now }).where(eq(reminder.id, s.row.id))
    return s.row.alarmId
  }
  const [made] = await tx.insert(alarm).values({ ...s.alarm, eventId: s.eventId }).returning({ id: alarm.id })
  await tx.insert(reminder).values({ ...values, appointmentId: s.appointmentId, alarmId: made!.id })
  return made!.id
}

/** The appointments of a contact still to come, whose reminders follow the contact's changes (name, numbers, language, zone). */
export async function upcomingAppointmentsOf(tx: Tx, contactUuid: string, now = new Date()): Promise<number[]> {
  const rows = await tx.select({ id: appointment.id }).from(appointment)
    .where(and(eq(appointment.contactUuid, contactUuid), gt(appointment.startDate, now))).orderBy(appointment.id)
  return rows.map((r) => r.id)
}
