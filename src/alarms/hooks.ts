// Where the layers above hear about alarms without the alarms layer knowing them: lists of callbacks given to
// createDeps (src/app.ts wires the CRM's reminders in). Each runs inside the scheduler's own transaction, so what a
// listener writes commits with the answer, end or decision it heard about, or not at all.
import type { Tx } from '../db/client.js'
import type { Alarm } from '../db/schema/index.js'

export type AnswerSource = 'call' | 'sms-reply' | 'admin'

/** An answer applied to an alarm attempt (apply-answer.ts). */
export interface AppliedAnswer {
  alarmId: number
  alarmRequestId: number
  /** ALARM_RESULT: 1 confirmed, 2 cancelled, 3 rescheduled */
  result: number
  source: AnswerSource
  /** which attempt of the alarm it answered (1 = the first) */
  attempt: number
  at: Date
  /** the calendar of the alarm's event, when the caller has it at hand (a listener may skip alarms it has no part in) */
  calendarId?: number | null
}

/** An alarm that makes no more attempts: it succeeded, failed for good, or expired. */
export interface EndedAlarm {
  alarmId: number
  /** ALARM_STATUS: 3 failure, 5 success, 6 expired */
  status: number
  attempts: number
  /** failed after trying every attempt it could (retries used up, or none left before the event), not for a configuration problem or the do-not-contact list */
  retriesUsedUp: boolean
  at: Date
}

export interface AlarmHooks {
  /** an answer was applied */
  answered: ((tx: Tx, answer: AppliedAnswer) => Promise<void>)[]
  /** an alarm ended */
  ended: ((tx: Tx, ended: EndedAlarm) => Promise<void>)[]
  /**
   * Asked when an attempt is due, before anything is recorded — under the alarm's lock, or on the alarm as read
   * without it (dispatch.ts tries that first): HeldBack holds the alarm back for good (it is cancelled); null lets the
   * attempt start. Nothing is to be written here: what the listener records of a hold is HeldBack's `record`, which
   * runs under the lock, with the alarm's cancellation.
   */
  beforeAttempt: ((tx: Tx, alarm: Alarm, now: Date, calendarId: number | null) => Promise<HeldBack | null>)[]
}

/** An alarm held back by a listener: why (words, for the log), and what the listener records of it. */
export interface HeldBack {
  reason: string
  record(tx: Tx): Promise<void>
}

export const noAlarmHooks = (): AlarmHooks => ({ answered: [], ended: [], beforeAttempt: [] })
