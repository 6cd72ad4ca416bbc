import { sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import type { Call } from '../db/schema/index.js'

export interface CallEnd {
  /**
   * The call ended while its IVR still listened (its last TwiML gathers or records): the request carrying what the
   * callee pressed travels apart from the status callback and may still come. False once it came, or when nothing
   * was listening.
   */
  awaitingAction: boolean
  /**
   * This is the last action of a call that had ended before (not its final status): a grace period begun then may
   * still be waiting. At the final status itself none can be, as only an ended call starts one.
   */
  lateAction?: boolean
  /**
   * The row of the statement that ended the call, when it carried the listener's own work (`inEndStatement`): its
   * columns, as that work returns them.
   */
  inStatement?: Record<string, unknown>
}

/**
 * Work a listener does in the very statement that ends a call as kept (call-transitions.ts endKeptCall), written once:
 * WITH entries that read the ended row from `ended` (its columns as the table's), the columns it reads back (given to
 * callEnded as `inStatement`), and the values of its own placeholders.
 */
export interface InEndStatement { with: SQL; columns: SQL; values: Record<string, unknown> }

/**
 * How the dialer reports what happened to a call or a text, without knowing who cares: the alarms layer listens (its
 * attempt is settled and its answer applied: alarms/settle/dialer-outcomes.ts), wired once in createDeps
 * (src/app.ts). Each hook runs in the transaction that recorded the news, so it and what it means commit together.
 */
export interface DialerOutcomes {
  /**
   * a call reached its final status, or — `awaitingAction` false — the last action of a call that had already
   * ended arrived; `call` is the updated row, still locked
   */
  callEnded(tx: Tx, call: Call, end: CallEnd): Promise<void>
  /** what callEnded does in the statement that ends a call, when it can (InEndStatement) */
  inEndStatement?: InEndStatement
  /**
   * the callee's answer (ALARM_RESULT) arrived after the call's final status: applied now, even if the attempt has
   * settled (an answer given during the call reaches the alarm with the call's end, in callEnded's settling)
   */
  answered(tx: Tx, call: Call, result: number): Promise<void>
  /** an sms_message reached a final status (status callback, carrier answer, do-not-contact block, no gateway) */
  smsEnded(tx: Tx, sms: { id: number; alarmRequestId: number | null }): Promise<void>
  /**
   * a text from `from` answered a reminder (ALARM_RESULT): applied to the latest outstanding reminder texted to that
   * number in that organization, if any; the attempt it was applied to, or null when there is none
   */
  smsReplied(tx: Tx, reply: { organizationId: number; from: string; result: number; at: Date }): Promise<number | null>
}

/** The IVR's last TwiML still waits for keys or a recording: an action request may follow the call's end. */
export const listensForInput = (lastTwiml: string | null): boolean => lastTwiml !== null && /<(Gather|Record)\b/.test(lastTwiml)
/** listensForInput in SQL, on a column or expression (`\y`: PostgreSQL's word boundary). */
export const listensForInputSql = (lastTwiml: SQL): SQL => sql`coalesce(${lastTwiml} ~ '<(Gather|Record)\\y', false)`
