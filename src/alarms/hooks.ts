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
   * Asked under the alarm's lock when an attempt is due, before anything is recorded: a reason (words, for the log)
   * holds the alarm back for good (it is cancelled); null lets the attempt start.
   */
  beforeAttempt: ((tx: Tx, alarm: Alarm, now: Date, calendarId: number | null) => Promise<string | null>)[]
}

export const noAlarmHooks = (): AlarmHooks => ({ answered: [], ended: [], beforeAttempt: [] })
