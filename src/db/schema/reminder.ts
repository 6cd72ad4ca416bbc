import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { alarm } from './alarm.js'
import { appointment } from './appointment.js'
import { reminderPlan } from './reminder-plan.js'

/** Why a step was not sent, as stored in reminder.reason (the alarm's own attempts keep theirs). */
export const REMINDER_REASON = {
  /** past when the appointment was created or moved, which was then less than an hour away */
  tooLate: 'too-late',
  /** an only_if_unconfirmed step found the appointment answered when it became due */
  notUnconfirmed: 'not-unconfirmed',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  /** reminders_enabled turned off, the contact removed, the step taken out of the plan or the plan replaced */
  notWanted: 'not-wanted',
  moved: 'moved',
  deleted: 'deleted',
  /** contact_uuid names no contact of the appointment's organization (a soft reference: missing, deleted, or another organization's) */
  noContact: 'no-contact',
  /** the contact's number cannot be made an international (E.164) number with the organization's country */
  badPhone: 'bad-phone',
  /** the contact's number opted out (STOP, the IVR's opt-out key, the do-not-contact list): planned again if it opts back in */
  optedOut: 'opted-out',
} as const
export type ReminderReason = (typeof REMINDER_REASON)[keyof typeof REMINDER_REASON]

/** Set when the step ended without (more of) its alarm: the alarm, if any, is cancelled with it. */
export const REMINDER_STATE = { skipped: 'skipped', cancelled: 'cancelled' } as const
export type ReminderState = (typeof REMINDER_STATE)[keyof typeof REMINDER_STATE]

/**
 * One step of an appointment's reminder plan, planned for one start time: the alarm that sends it (through the
 * one alarm scheduler), or why there is none. Rows are kept when they end: they are the appointment's timeline.
 */
export const reminder = pgTable('reminder', {
  id: serial('id').primaryKey(),
  appointmentId: integer('appointment_id').notNull().references(() => appointment.id, { onDelete: 'cascade' }),
  planId: integer('plan_id').references(() => reminderPlan.id, { onDelete: 'set null' }),
  /** index of the step in the plan when it was planned */
  step: integer('step').notNull(),
  channel: text('channel').notNull(),
  offsetMinutes: integer('offset_minutes').notNull(),
  onlyIfUnconfirmed: boolean('only_if_unconfirmed').notNull().default(false),
  /** the appointment start it was planned for: a move plans the steps again for the new start */
  forStart: timestamp('for_start', { withTimezone: true }).notNull(),
  /** when it is (or was) due */
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  alarmId: integer('alarm_id').references(() => alarm.id),
  /** null while its alarm decides (scheduled, sending, answered, delivered, failed) */
  state: text('state').$type<ReminderState>(),
  reason: text('reason').$type<ReminderReason>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('reminder_appointment').on(t.appointmentId),
  uniqueIndex('reminder_alarm').on(t.alarmId),
])

export type Reminder = typeof reminder.$inferSelect
