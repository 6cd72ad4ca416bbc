// Recording an attempt: the alarm moves to "in process" with its attempt counted, and the attempt (alarm_request) is
// inserted — in one statement, the alarm's update riding along as a data-modifying WITH (which always runs). A call
// attempt inserts its call in the same statement too: the attempt names its call from the start, and a call never
// exists without its attempt; where it can, that statement claims the call's dialling as well (dial-call.ts
// claimNewCall). Each is built once and named (built-once.ts): every attempt runs one.
import { sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { builtOnceSql } from '../../db/built-once.js'
import { rowFromJson } from '../../db/row-from-json.js'
import { alarm, alarmRequest, ALARM_STATUS, call, type Call, type Gateway } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { callColumns, callParams, type NewCall } from '../../dialer/create-call.js'
import { claimCall, claimNewCall, insertedCall, insertingClaim, NEW_CALL, type Claim } from '../../dialer/dial-call.js'
import type { CalendarLimit } from '../../dialer/limits.js'
import { CallStatus, type CallStatusCode } from '../../codes/call-status.js'

export interface AttemptOf {
  alarmId: number
  /** the alarm's num_attempt, counting this attempt */
  numAttempt: number
  now: Date
}

const ph = sql.placeholder
const inProcess = sql`in_process as (update ${alarm} set status = ${ALARM_STATUS.inProcess}::int, num_attempt = ${ph('numAttempt')}::int,
  updated_date = ${ph('now')}::timestamptz where ${alarm.id} = ${ph('alarmId')}::int)`
const attempt = (callId: SQL, callstatus: SQL) => sql`attempt as (insert into ${alarmRequest} (alarm_id, date, status, call_id, callstatus)
  values (${ph('alarmId')}::int, ${ph('now')}::timestamptz, ${ALARM_STATUS.inProcess}::int, ${callId}, ${callstatus}) returning id)`
const callAttempt = sql`${inProcess}, ${attempt(sql`(select id from new_call)`, sql`${CallStatus.queued}::int`)}`
const callAttemptColumns = { ...callColumns, alarmRequestId: sql`(select id from attempt)` }

const insertAttempt = builtOnceSql<{ id: number }>(() => sql`with ${inProcess}, ${attempt(sql`null`, sql`${ph('callstatus')}::int`)}
  select id from attempt`, 'attempt_insert')
const insertCallAttempt = builtOnceSql<{ call: Record<string, unknown> }>(() => sql`with ${NEW_CALL}, ${callAttempt}, ${insertedCall(callAttemptColumns)}
  select to_jsonb(i) as call from inserted i`, 'call_attempt_insert')
const claimedCallAttempt = insertingClaim('call_attempt', callAttempt, callAttemptColumns)

/**
 * An attempt without a call: an SMS or e-mail, or a call attempt that failed before its call could exist
 * (`callstatus`: failed), which then links to no call.
 */
export async function recordAttempt(tx: Tx, of: AttemptOf, callstatus: CallStatusCode = CallStatus.none): Promise<{ id: number }> {
  const [row] = await insertAttempt(tx, { ...of, now: of.now.toISOString(), callstatus })
  return row!
}

/** What a call attempt's claim needs to know: its gateway, its calendar's limit, and whether the number opted out. */
export interface CallClaimOf { gw: Gateway; calendar: CalendarLimit | null; doNotContact: boolean }

/**
 * A call attempt and its call, its dialling claimed in this same transaction (dial-call.ts): in one statement where
 * nothing else must be read first (claimNewCall), else recorded, then claimed (claimCall).
 */
export async function recordCallAttempt(tx: Tx, deps: AppDeps, of: AttemptOf, newCall: NewCall, claimOf: CallClaimOf): Promise<{ call: Call; claim: Claim }> {
  const values = { ...of, now: of.now.toISOString(), ...callParams(newCall) }
  const line = { organizationId: newCall.organizationId, calendarId: newCall.calendarId ?? null, ringTimeout: newCall.ringTimeout }
  const claimed = await claimNewCall(tx, deps, line, claimOf.gw, claimOf, { statement: claimedCallAttempt, values })
  if (claimed) return { call: claimed.row, claim: claimed.claim }
  const [row] = await insertCallAttempt(tx, values)
  const inserted = rowFromJson(call, row!.call)!
  return { call: inserted, claim: await claimCall(tx, deps, inserted, claimOf.gw, claimOf) }
}
