// A call's end and what it means for its alarm commit together: the final status is applied and, for an alarm
// call, the attempt settled (success, retry, SMS fallback) in the same transaction, so no ended call is ever left
// with an open attempt and nothing has to be queued in between.
import type { Tx } from '../../db/client.js'
import type { Call } from '../../db/schema/index.js'
import { CallStatus, isFinalCallStatus, type CallStatusCode } from '../../codes/call-status.js'
import { applyCallStatus, type StatusReport } from '../../dialer/call-status.js'
import { settleAttempt, type AttemptOutcome, type SchedulerDeps } from './settle.js'

const isMachine = (answeredBy: string | null) => !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax')

/** A call that was answered is a success, unless a machine answered a human-only call (DESIGN §8). */
export function callOutcome(c: Pick<Call, 'id' | 'status' | 'callstatus' | 'answeredBy' | 'amdBehavior' | 'duration' | 'result' | 'error'>): AttemptOutcome {
  const doNotContact = c.error?.startsWith('do-not-contact') ?? false
  const machineRefused = isMachine(c.answeredBy) && c.amdBehavior === 2
  const success = c.callstatus === CallStatus.completed && !machineRefused && !doNotContact
  return {
    callId: c.id,
    success,
    retryable: !doNotContact,
    callstatus: c.callstatus,
    duration: c.duration,
    result: c.result,
    ...(!success && { reason: doNotContact ? 'do-not-contact' : machineRefused ? `answered by ${c.answeredBy} (human only)` : c.error ?? c.status }),
  }
}

/** Applies a status report to a locked call (applyCallStatus) and settles its alarm attempt if that ended it. */
export async function endCall(tx: Tx, deps: SchedulerDeps, row: Call, report: StatusReport): Promise<Call | null> {
  const updated = await applyCallStatus(tx, row, report)
  if (updated && updated.alarmRequestId !== null && isFinalCallStatus(updated.callstatus as CallStatusCode)) {
    await settleAttempt(tx, deps, updated.alarmRequestId, callOutcome(updated))
  }
  return updated
}

/** Ends a call that never reached the provider (refused, do-not-contact, lost while dialling). */
export function failCall(tx: Tx, deps: SchedulerDeps, row: Call, error: string): Promise<Call | null> {
  return endCall(tx, deps, row, { status: 'failed', error, duration: 0 })
}
