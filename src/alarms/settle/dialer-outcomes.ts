// What the dialer's news means for its alarm (src/dialer/outcomes.ts), wired in createDeps. A call's attempt settles
// on its final status AND its last action, whichever comes last: the request carrying the keys the callee pressed
// as they hung up travels apart from the `completed` callback and may arrive second, so an ended call whose IVR was
// still listening waits CALL_SETTLE_GRACE seconds for it (the `settle-call` job) — and an answer arriving later
// still is applied all the same (apply-answer.ts). A text's end brings its attempt's settling forward.
import { ATTEMPT_REASON, type AttemptReason, type Call } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { CallStatus } from '../../codes/call-status.js'
import { CARRIER_ERROR_KIND, classifyCarrierError } from '../../dialer/carrier-errors.js'
import { NOT_PLACED } from '../../dialer/reconcile-call.js'
import { listensForInputSql, type DialerOutcomes } from '../../dialer/outcomes.js'
import { addJob, removeJob } from '../../queue/queue.js'
import { applyAnswer } from '../apply-answer.js'
import { applySmsReply } from '../sms-reply.js'
import { LOCKED_ATTEMPT, lockAndSucceed, settleAttempt, type AttemptOutcome, type LockedAttempt, type SchedulerDeps } from './settle.js'
import { machineRefused, machineRefusedSql } from '../../codes/amd-behavior.js'
import { ALARM_RESULT } from '../../codes/alarm-result.js'
import { sql } from 'drizzle-orm'

/** How a call refused for the do-not-contact list begins its error (dial-call.ts). */
const DO_NOT_CONTACT = 'do-not-contact'

type CallFacts = Pick<Call, 'id' | 'status' | 'callstatus' | 'answeredBy' | 'amdBehavior' | 'duration' | 'result' | 'error' | 'errorCode'>

/**
 * A call that was answered is a success, unless a machine answered a human-only call (docs/ARCHITECTURE.md "AMD
 * behaviour"). A carrier error code decides
 * whether trying again can help (dialer/carrier-errors.ts); a call whose create never showed up at the carrier was
 * not placed, and is tried again like a busy line.
 */
export function callOutcome(c: CallFacts): AttemptOutcome {
  const doNotContact = c.error?.startsWith(DO_NOT_CONTACT) ?? false
  const refused = machineRefused(c.amdBehavior, c.answeredBy)
  const success = c.callstatus === CallStatus.completed && !refused && !doNotContact
  const carrier = c.errorCode === null ? null : classifyCarrierError({ status: null, code: c.errorCode, message: c.error ?? '' }, { creates: false })
  const permanent = carrier?.kind === CARRIER_ERROR_KIND.permanent
  return {
    callId: c.id,
    success,
    retryable: !doNotContact && !permanent,
    callstatus: c.callstatus,
    duration: c.duration,
    result: c.result,
    ...(permanent && { numberUnusable: c.errorCode !== 21210 }),
    ...(!success && {
      code: doNotContact ? ATTEMPT_REASON.doNotContact : refused ? ATTEMPT_REASON.machine
        : permanent ? carrier!.reason! : c.error?.startsWith(NOT_PLACED) ? ATTEMPT_REASON.notPlaced : failedCallReason(c.callstatus),
      reason: doNotContact ? '' : refused ? `answered by ${c.answeredBy}` : permanent ? carrier!.detail
        : c.error?.startsWith(NOT_PLACED) ? c.error.slice(NOT_PLACED.length).replace(/^: /, '') : c.error ?? '',
    }),
  }
}

function failedCallReason(callstatus: number): AttemptReason {
  if (callstatus === CallStatus.busy) return ATTEMPT_REASON.busy
  if (callstatus === CallStatus.noAnswer) return ATTEMPT_REASON.noAnswer
  if (callstatus === CallStatus.canceled) return ATTEMPT_REASON.callCanceled
  return ATTEMPT_REASON.callFailed
}

// callEnded's settling of a success, done by the statement that ends a call as kept (dialer/outcomes.ts
// InEndStatement): the attempt is locked, read and settled (lockAndSucceed) when the ended call settles now as a
// success — callOutcome's success, and nothing more awaited (callEnded) — the same tests, in SQL, on the ended row.
// test/alarms/settle-in-end.test.ts holds the two to the same answers.
const ph = sql.placeholder
export const SETTLES_NOW = sql`ended.alarm_request_id is not null and ended.callstatus = ${CallStatus.completed}::int
  and not ${machineRefusedSql(sql`ended.amd_behavior`, sql`ended.answered_by`)}
  and not coalesce(starts_with(ended.error, ${DO_NOT_CONTACT}::text), false)
  and not (${ph('settleGrace')}::boolean and ended.answered_at is not null and ${listensForInputSql(sql`ended.last_twiml`)})`
const settleInEnd = lockAndSucceed({
  requestId: sql`(select alarm_request_id from ended where ${SETTLES_NOW})`,
  callstatus: sql`(select callstatus from ended)`,
  duration: sql`(select duration from ended)`,
  result: sql`(select nullif(result, ${ALARM_RESULT.none}::int) from ended)`,
  now: sql`${ph('now')}::timestamptz`,
})

/** The alarms layer's listener for the dialer's reports. */
export function createDialerOutcomes(deps: SchedulerDeps & Pick<AppDeps, 'config'>): DialerOutcomes {
  return {
    async callEnded(tx, call, { awaitingAction, lateAction = false, inStatement }) {
      if (call.alarmRequestId === null) return
      const locked = (inStatement as LockedAttempt | undefined)?.locked_attempt ? inStatement as LockedAttempt : undefined
      if (awaitingAction && deps.config.callSettleGrace > 0) {
        if (locked) throw new Error(`call ${call.id}: its attempt was settled although its IVR still listens`)
        await addJob(tx, 'settle-call', { callId: call.id }, { runAt: new Date(Date.now() + deps.config.callSettleGrace * 1000) })
        return
      }
      // Only a late action can find a grace period waiting (one round trip fewer on every call's end).
      if (lateAction) await removeJob(tx, 'settle-call', call.id)
      await settleAttempt(tx, deps, call.alarmRequestId, callOutcome(call), new Date(), locked)
    },
    inEndStatement: { with: settleInEnd, columns: LOCKED_ATTEMPT, values: { settleGrace: deps.config.callSettleGrace > 0 } },
    async answered(tx, call, result) {
      if (call.alarmRequestId !== null) await applyAnswer(tx, deps, { alarmRequestId: call.alarmRequestId, result, source: 'call' })
    },
    // The message of an alarm attempt is settled now rather than at its delivery deadline (sms-finished.ts).
    // Harmless for other messages.
    async smsEnded(tx, sms) {
      if (sms.alarmRequestId !== null) await addJob(tx, 'sms-finished', { smsId: sms.id })
    },
    smsReplied: (tx, reply) => applySmsReply(tx, deps, reply),
  }
}
