// What the end of a call or a text means for its alarm: the dialer reports ends (src/dialer/outcomes.ts) and this
// listener, wired in createDeps, settles the attempt of an alarm call (success, retry, SMS fallback) in the same
// transaction as the call's final status, and brings an SMS alarm's settling forward when its message ends.
import { ATTEMPT_REASON, type AttemptReason, type Call } from '../../db/schema/index.js'
import { CallStatus } from '../../codes/call-status.js'
import type { DialerOutcomes } from '../../dialer/outcomes.js'
import { addJob } from '../../queue/queue.js'
import { settleAttempt, type AttemptOutcome, type SchedulerDeps } from './settle.js'
import { machineRefused } from '../../codes/amd-behavior.js'

/** A call that was answered is a success, unless a machine answered a human-only call (docs/ARCHITECTURE.md "AMD behaviour"). */
export function callOutcome(c: Pick<Call, 'id' | 'status' | 'callstatus' | 'answeredBy' | 'amdBehavior' | 'duration' | 'result' | 'error'>): AttemptOutcome {
  const doNotContact = c.error?.startsWith('do-not-contact') ?? false
  const refused = machineRefused(c.amdBehavior, c.answeredBy)
  const success = c.callstatus === CallStatus.completed && !refused && !doNotContact
  return {
    callId: c.id,
    success,
    retryable: !doNotContact,
    callstatus: c.callstatus,
    duration: c.duration,
    result: c.result,
    ...(!success && {
      code: doNotContact ? ATTEMPT_REASON.doNotContact : refused ? ATTEMPT_REASON.machine : failedCallReason(c.callstatus),
      reason: doNotContact ? '' : refused ? `answered by ${c.answeredBy}` : c.error ?? '',
    }),
  }
}

function failedCallReason(callstatus: number): AttemptReason {
  if (callstatus === CallStatus.busy) return ATTEMPT_REASON.busy
  if (callstatus === CallStatus.noAnswer) return ATTEMPT_REASON.noAnswer
  if (callstatus === CallStatus.canceled) return ATTEMPT_REASON.callCanceled
  return ATTEMPT_REASON.callFailed
}

/** The alarms layer's listener for the dialer's reports. */
export function createDialerOutcomes(deps: SchedulerDeps): DialerOutcomes {
  return {
    async callEnded(tx, call) {
      if (call.alarmRequestId !== null) await settleAttempt(tx, deps, call.alarmRequestId, callOutcome(call))
    },
    // The message of an alarm attempt is settled now rather than at its delivery deadline (sms-finished.ts).
    // Harmless for other messages.
    async smsEnded(tx, sms) {
      if (sms.alarmRequestId !== null) await addJob(tx, 'sms-finished', { smsId: sms.id })
    },
  }
}
