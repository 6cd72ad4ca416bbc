import { eq, sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { builtOnceSql } from '../db/built-once.js'
import { gatewayUnchangedAt, type ProviderGateway } from './call-rows.js'
import { call, type Call } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { removeJobCall } from '../queue/queue.js'
import { waitingAfter, wakeAfterCallEnded, wakeAll } from './dial-line.js'
import { listensForInput, type InEndStatement } from './outcomes.js'
import { rowFromJson } from '../db/row-from-json.js'
import { callStatusFromTwilio, canTransition, CallStatus, isFinalCallStatus, type CallStatusCode } from '../codes/call-status.js'

export interface StatusReport {
  status: string
  duration?: number
  answeredBy?: string
  error?: string
  /** the carrier's error code, when it refused or failed the call */
  errorCode?: number
}

/**
 * Applies a provider status to a locked call row and returns the updated row, or null when nothing moved. Statuses
 * only move forward, so replayed and out-of-order callbacks change nothing; the first final status is the outcome.
 * It tells no listener (endCall below does): a cancelled alarm's undialled calls end with this alone, as nothing is
 * left to settle.
 */
export async function applyCallStatus(tx: Tx, row: Call, report: StatusReport): Promise<Call | null> {
  const code = callStatusFromTwilio(report.status)
  if (!canTransition(row.callstatus as never, code)) {
    if (report.answeredBy && !row.answeredBy) {
      await tx.update(call).set({ answeredBy: report.answeredBy }).where(eq(call.id, row.id))
    }
    return null
  }
  const now = new Date()
  const final = isFinalCallStatus(code)
  const changes = {
    status: report.status.toLowerCase(),
    callstatus: code,
    answeredBy: report.answeredBy ?? row.answeredBy,
    answeredAt: code === CallStatus.inProgress && !row.answeredAt ? now : undefined,
    endedAt: final ? now : undefined,
    duration: final ? report.duration ?? row.duration : undefined,
    error: report.error ?? undefined,
    errorCode: report.errorCode ?? undefined,
    updatedAt: now,
  }
  const update = tx.update(call).set(changes).where(eq(call.id, row.id))
  if (final && row.dialedAt) {
    // It held a line: the calls waiting for one may go. And its final status is known: the provider need not be
    // asked (keeps graphile-worker's table small) — both in the update's own round trip.
    await wakeAfterCallEnded(tx, row, removeJobCall('reconcile-call', row.id), update)
  } else {
    await update
  }
  // The row is locked by the caller, so it is now what it was plus these changes (no RETURNING needed).
  const written = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined))
  return { ...row, ...written }
}

/**
 * Applies a status report to a locked call (applyCallStatus) and, when that ended the call, reports it to the
 * listeners (deps.outcomes: an alarm call's attempt is settled, now or once its last action came) in the same
 * transaction: no ended call is ever left without its attempt being seen to, and nothing is queued in between.
 */
export async function endCall(tx: Tx, deps: Pick<AppDeps, 'outcomes'>, row: Call, report: StatusReport): Promise<Call | null> {
  const updated = await applyCallStatus(tx, row, report)
  if (updated && isFinalCallStatus(updated.callstatus as CallStatusCode)) await reportEnded(tx, deps, updated)
  return updated
}

const reportEnded = (tx: Tx, deps: Pick<AppDeps, 'outcomes'>, ended: Call, inStatement?: Record<string, unknown>) =>
  deps.outcomes.callEnded(tx, ended, { awaitingAction: ended.answeredAt !== null && listensForInput(ended.lastTwiml), ...(inStatement && { inStatement }) })

// endKeptCall's statement, built once per kind of line and per listener's work (built-once.ts), and named: it runs
// for nearly every call. As applyCallStatus, what the report does not say stays as it is.
const ph = sql.placeholder
const endKept = (line: 'calendar' | 'gateway', listener: InEndStatement | undefined) => builtOnceSql<{
  call: Record<string, unknown>; waiting: (number | string)[]
} & Record<string, unknown>>(() => {
  // A call that held a line (was dialled), as applyCallStatus: its reconcile job goes, and its line may move.
  const dialled = sql`${call.dialedAt} is not null`
  const ended = sql`update ${call} set status = ${ph('status')}::text, callstatus = ${ph('callstatus')}::int,
      answered_by = coalesce(${ph('answeredBy')}::text, ${call.answeredBy}), ended_at = ${ph('now')}::timestamptz,
      duration = coalesce(${ph('duration')}::int, ${call.duration}), error = coalesce(${ph('error')}::text, ${call.error}),
      error_code = coalesce(${ph('errorCode')}::int, ${call.errorCode}), updated_at = ${ph('now')}::timestamptz
    where ${call.id} = ${ph('id')}::int and ${call.callstatus} < ${CallStatus.completed}
      and ${gatewayUnchangedAt(ph('gatewayId'), ph('gatewayUpdated'))}
    returning *,
      case when ${dialled} then ${removeJobCall('reconcile-call', ph('id'))} end as reconcile_removed,
      case when ${dialled} then ${waitingAfter({ gatewayId: ph('gatewayId'), calendarId: line === 'calendar' ? ph('calendarId') : null })}
        else '{}'::int[] end as waiting`
  return sql`with ended as (${ended})${listener ? sql`, ${listener.with}` : sql``}
    select to_jsonb(ended) as call, ended.waiting${listener ? sql`, ${listener.columns}` : sql``} from ended`
}, `call_end_kept_${line}${listener ? '_listened' : ''}`)
// Per listener's work (its `with`, written once), and one without.
const endKeptStatements = new WeakMap<object, Record<'calendar' | 'gateway', ReturnType<typeof endKept>>>()
const NO_LISTENER = {}
function endKeptStatement(line: 'calendar' | 'gateway', listener: InEndStatement | undefined) {
  const key = listener?.with ?? NO_LISTENER
  let built = endKeptStatements.get(key)
  if (!built) {
    built = { calendar: endKept('calendar', listener), gateway: endKept('gateway', listener) }
    endKeptStatements.set(key, built)
  }
  return built[line]
}

/**
 * endCall for a final status on a call as this process kept it (call-rows.ts), with no read first: ONE guarded
 * statement ends the call — if it has not ended and `gw`, whose signature the report carried, has not changed since
 * kept — and returns the row as it now is, locked to the commit, for the listeners; the line's wake and the
 * `reconcile-call` job's removal ride along, and so does the listener's own work where it has some
 * (deps.outcomes.inEndStatement). Null: nothing was written (ended already, or the gateway changed), and the caller
 * goes the locked way, which decides afresh.
 */
export async function endKeptCall(tx: Tx, deps: Pick<AppDeps, 'outcomes'>, kept: Call, gw: ProviderGateway, report: StatusReport): Promise<Call | null> {
  const code = callStatusFromTwilio(report.status)
  if (!isFinalCallStatus(code)) throw new Error(`not a final status: ${report.status}`)
  const listener = deps.outcomes.inEndStatement
  const [found] = await endKeptStatement(kept.calendarId === null ? 'gateway' : 'calendar', listener)(tx, {
    ...listener?.values,
    id: kept.id,
    status: report.status.toLowerCase(),
    callstatus: code,
    answeredBy: report.answeredBy ?? null,
    now: new Date().toISOString(),
    duration: report.duration ?? null,
    error: report.error ?? null,
    errorCode: report.errorCode ?? null,
    gatewayId: gw.id,
    gatewayUpdated: gw.updatedDate.toISOString(),
    calendarId: kept.calendarId,
  })
  if (!found) return null
  const { call: row, waiting, ...inStatement } = found
  const ended = rowFromJson(call, row)!
  await wakeAll(tx, waiting)
  await reportEnded(tx, deps, ended, listener ? inStatement : undefined)
  return ended
}

/** Ends a call that never reached the provider (refused, do-not-contact, lost while dialling, never placed). */
export function failCall(
  tx: Tx, deps: Pick<AppDeps, 'outcomes'>, row: Call, error: string, errorCode?: number | null,
): Promise<Call | null> {
  return endCall(tx, deps, row, { status: 'failed', error, duration: 0, ...(errorCode != null && { errorCode }) })
}
