// Recording an attempt: the alarm moves to "in process" with its attempt counted, and the attempt (alarm_request) is
// inserted — in one statement, the alarm's update riding along as a data-modifying WITH (which always runs). A call
// attempt inserts its call in the same statement too: the attempt names its call from the start, and a call never
// exists without its attempt. Both are built once and named (built-once.ts): every attempt runs one.
import { eq, sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { builtOnce } from '../../db/built-once.js'
import { alarm, alarmRequest, ALARM_STATUS, call, type Call } from '../../db/schema/index.js'
import { callColumns, callParams, type NewCall } from '../../dialer/create-call.js'
import { CallStatus, type CallStatusCode } from '../../codes/call-status.js'

export interface AttemptOf {
  alarmId: number
  /** the alarm's num_attempt, counting this attempt */
  numAttempt: number
  now: Date
}

const inProcess = (tx: Tx) => tx.$with('in_process').as(tx.update(alarm).set({
  status: ALARM_STATUS.inProcess,
  numAttempt: sql`${sql.placeholder('numAttempt')}::int`,
  updatedDate: sql`${sql.placeholder('now')}::timestamptz`,
}).where(eq(alarm.id, sql.placeholder('alarmId'))).returning({ id: alarm.id }))

const attemptColumns = { alarmId: sql.placeholder('alarmId'), date: sql`${sql.placeholder('now')}::timestamptz`, status: ALARM_STATUS.inProcess }

const insertAttempt = builtOnce((tx) => tx.with(inProcess(tx)).insert(alarmRequest)
  .values({ ...attemptColumns, callstatus: sql`${sql.placeholder('callstatus')}::int` }).returning({ id: alarmRequest.id }), 'attempt_insert')

const insertCallAttempt = builtOnce((tx) => {
  const attempt = tx.$with('attempt').as(tx.insert(alarmRequest).values({
    ...attemptColumns,
    callId: sql`nextval(pg_get_serial_sequence('call', 'id'))`,
    callstatus: CallStatus.queued,
  }).returning({ id: alarmRequest.id, callId: alarmRequest.callId }))
  return tx.with(inProcess(tx), attempt).insert(call).values({
    ...callColumns,
    id: sql`(select call_id from attempt)`,
    alarmRequestId: sql`(select id from attempt)`,
  }).returning()
}, 'call_attempt_insert')

/**
 * An attempt without a call: an SMS or e-mail, or a call attempt that failed before its call could exist
 * (`callstatus`: failed), which then links to no call.
 */
export async function recordAttempt(tx: Tx, of: AttemptOf, callstatus: CallStatusCode = CallStatus.none): Promise<{ id: number }> {
  const [row] = await insertAttempt(tx, { ...of, callstatus })
  return row!
}

/** A call attempt and its call (queued; the caller claims its dialling in the same transaction). */
export async function recordCallAttempt(tx: Tx, of: AttemptOf, newCall: NewCall): Promise<Call> {
  const [row] = await insertCallAttempt(tx, { ...of, ...callParams(newCall) })
  return row!
}
