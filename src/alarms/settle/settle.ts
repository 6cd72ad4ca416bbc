// How one attempt ends, for every method (docs/ARCHITECTURE.md "Life of a reminder", step 9): success; a failure
// retried after retry_delay, in
// the daily window, while num_attempt ≤ maxretry (maxretry + 1 attempts in all); or the last failure, which texts
// phonenumber_sms_failure. Idempotent: an attempt already settled is left alone, so replayed jobs change nothing.
import { eq, sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { builtOnce, builtOnceSql } from '../../db/built-once.js'
import {
  alarm, alarmRequest, ALARM_METHOD, ALARM_RESULT, ALARM_STATUS, event, smsMessage, type Alarm, type AlarmRequest, type AttemptReason,
  type Event,
} from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { addJob } from '../../queue/queue.js'
import { applyAnswer } from '../apply-answer.js'
import { nextContactOpening, type ContactHours } from '../contact-hours.js'
import { contactHoursOf } from '../contact-hours-of.js'
import { rowFromJson } from '../../db/row-from-json.js'
import { failureReason } from '../failure-reason.js'
import { ownerOf } from '../owner.js'
import { queueAttempt } from '../plan/plan.js'
import { failureSmsText } from '../texts.js'

export interface AttemptOutcome {
  success: boolean
  /** false when trying again cannot help (do-not-contact, a configuration problem) */
  retryable: boolean
  /** the call's status code (docs/ARCHITECTURE.md "Status codes") and talk time, for call attempts */
  callstatus?: number
  duration?: number
  /** the IVR's result (ALARM_RESULT), for call attempts */
  result?: number
  /** why it failed: an ATTEMPT_REASON code, stored on the attempt (failure-reason.ts words it) */
  code?: AttemptReason
  /** and its detail: where a configuration is missing, what the carrier or mail server said */
  reason?: string
  /** the attempt's call, for the log */
  callId?: number
  /** the number itself cannot be reached (a permanent carrier error): no failure text is sent to that same number */
  numberUnusable?: boolean
}

export const METHOD_NAME: Record<number, string> = { [ALARM_METHOD.call]: 'call', [ALARM_METHOD.sms]: 'sms', [ALARM_METHOD.email]: 'email' }

export type SchedulerDeps = Pick<AppDeps, 'logger' | 'scheduler' | 'alarmHooks'>

const readOpenAttempt = builtOnce((tx) => tx.select({ alarm, event, request: alarmRequest }).from(alarmRequest)
  .innerJoin(alarm, eq(alarm.id, alarmRequest.alarmId))
  .leftJoin(event, eq(event.id, alarm.eventId))
  .where(eq(alarmRequest.id, sql.placeholder('requestId')))
  .for('update', { of: [alarm, alarmRequest] }), 'open_attempt')

// How an attempt and its alarm are settled, as SQL, for the statements below and lockAndSucceed's: what the outcome
// does not say stays as it is — a call's status and talk time, for an attempt that made no call; the reason, for a
// success; the result, for an alarm whose call gave none.
interface RequestValues { status: SQL; retryAt: SQL; callstatus: SQL; duration: SQL; failed: SQL; reason: SQL; reasonDetail: SQL }
const settledRequest = (v: RequestValues, id: SQL) => sql`update ${alarmRequest} set status = ${v.status}, retry_at = ${v.retryAt},
    callstatus = coalesce(${v.callstatus}, ${alarmRequest.callstatus}), duration = coalesce(${v.duration}, ${alarmRequest.duration}),
    reason = case when ${v.failed} then ${v.reason} else ${alarmRequest.reason} end,
    reason_detail = case when ${v.failed} then ${v.reasonDetail} else ${alarmRequest.reasonDetail} end
  where ${alarmRequest.id} = ${id}`
const settledAlarm = (v: { status: SQL; result: SQL; now: SQL }, id: SQL) =>
  sql`update ${alarm} set status = ${v.status}, result = coalesce(${v.result}, ${alarm.result}), updated_date = ${v.now} where ${alarm.id} = ${id}`

// settleAttempt's own, built once and named (built-once.ts), every value a placeholder.
const ph = sql.placeholder
const requestValues = (retryAt: SQL): RequestValues => ({
  status: sql`${ph('status')}::int`, retryAt, callstatus: sql`${ph('callstatus')}::int`, duration: sql`${ph('duration')}::int`,
  failed: sql`${ph('failed')}::boolean`, reason: sql`${ph('reason')}::text`, reasonDetail: sql`${ph('reasonDetail')}::text`,
})
const settleOnly = builtOnceSql(() => settledRequest(requestValues(sql`null`), sql`${ph('requestId')}::int`), 'settle_attempt')
// The attempt and its alarm in one statement (the attempt's update rides along as a data-modifying WITH).
const settleWithAlarm = builtOnceSql(() => sql`with settled_request as (${settledRequest(requestValues(sql`${ph('retryAt')}::timestamptz`), sql`${ph('requestId')}::int`)})
  ${settledAlarm({ status: sql`${ph('alarmStatus')}::int`, result: sql`${ph('result')}::int`, now: sql`${ph('now')}::timestamptz` }, sql`${ph('alarmId')}::int`)}`, 'settle')

/** Where a success settled by a locking statement (lockAndSucceed) takes its values: placeholders, or expressions. */
export interface SuccessValues { requestId: SQL; callstatus: SQL; duration: SQL; result: SQL; now: SQL }

/**
 * A success settled by the statement that locks and reads its attempt (one round trip fewer on every answered call):
 * WITH entries that take the same locks as readOpenAttempt and read the rows as they were (`open`), and settle the
 * attempt and its alarm as settleAttempt's success does — only if it would: an open attempt of an alarm still in
 * process, not deleted, whose event is there. Otherwise nothing is written, and settleAttempt goes on with the rows
 * read. The statement returns LOCKED_ATTEMPT's columns, read by lockedAttempt.
 */
export function lockAndSucceed(v: SuccessValues): SQL {
  const open = sql`select r.id as request_id, a.id as alarm_id, to_jsonb(a) as alarm, to_jsonb(e) as event, to_jsonb(r) as request,
      r.status = ${ALARM_STATUS.inProcess}::int and a.status = ${ALARM_STATUS.inProcess}::int and a.deleted_at is null
        and e.id is not null and e.deleted_at is null as settles
    from ${alarmRequest} r join ${alarm} a on a.id = r.alarm_id left join ${event} e on e.id = a.event_id
    where r.id = ${v.requestId}
    for update of a, r`
  const success = sql`${ALARM_STATUS.success}::int`
  const request = { status: success, retryAt: sql`null`, callstatus: v.callstatus, duration: v.duration, failed: sql`false`, reason: sql`null`, reasonDetail: sql`null` }
  return sql`open as (${open}),
    settled_request as (${settledRequest(request, sql`(select request_id from open where settles)`)} returning 1),
    settled_alarm as (${settledAlarm({ status: success, result: v.result, now: v.now }, sql`(select alarm_id from open where settles)`)} returning 1)`
}
export const LOCKED_ATTEMPT = sql`(select jsonb_build_object('alarm', alarm, 'event', event, 'request', request) from open) as locked_attempt,
  (select count(*) from settled_request) + (select count(*) from settled_alarm) = 2 as settled`

/** What a statement with lockAndSucceed returned; null when it found no attempt. */
export type LockedAttempt = { locked_attempt: { alarm: Record<string, unknown>; event: Record<string, unknown> | null; request: Record<string, unknown> } | null; settled: boolean }

const lockAndSucceedAlone = builtOnceSql<LockedAttempt>(() => sql`with ${lockAndSucceed({
  requestId: sql`${ph('requestId')}::int`, callstatus: sql`${ph('callstatus')}::int`, duration: sql`${ph('duration')}::int`,
  result: sql`${ph('result')}::int`, now: sql`${ph('now')}::timestamptz`,
})} select ${LOCKED_ATTEMPT}`, 'open_attempt_success')

/**
 * Locks the attempt's alarm, then the attempt (the order every scheduler path takes), and reads the alarm's event, in
 * one statement: both rows are locked, so a statement that waited for another settling sees both as it left them.
 * Null when already settled.
 */
export async function lockOpenAttempt(tx: Tx, requestId: number): Promise<{ request: AlarmRequest; alarm: Alarm; event: Event | null } | null> {
  const [found] = await readOpenAttempt(tx, { requestId })
  if (!found || found.request.status !== ALARM_STATUS.inProcess) return null
  return { request: found.request, alarm: found.alarm, event: found.event }
}

/** The attempt a lockAndSucceed statement locked, if still open, and whether it settled it. */
export function lockedAttempt(found: LockedAttempt) {
  const rows = found.locked_attempt
  const request = rows && rowFromJson(alarmRequest, rows.request)
  if (!request || request.status !== ALARM_STATUS.inProcess) return null
  return { request, alarm: rowFromJson(alarm, rows!.alarm)!, event: rowFromJson(event, rows!.event), settled: found.settled }
}

/** lockOpenAttempt for a success, which it settles if it can (lockAndSucceed): `settled` says whether it did. */
async function lockOpenSuccess(tx: Tx, requestId: number, outcome: AttemptOutcome, now: Date) {
  const [found] = await lockAndSucceedAlone(tx, {
    requestId, callstatus: outcome.callstatus ?? null, duration: outcome.duration ?? null,
    result: outcome.result && outcome.result !== ALARM_RESULT.none ? outcome.result : null, now: now.toISOString(),
  })
  return lockedAttempt(found!)
}

/**
 * Settles an attempt (idempotent). `locked`: the statement that ended its call locked and read it already, and
 * settled a success if it could (lockAndSucceed).
 */
export async function settleAttempt(
  tx: Tx, deps: SchedulerDeps, requestId: number, outcome: AttemptOutcome, now = new Date(), locked?: LockedAttempt,
): Promise<void> {
  if (locked && !outcome.success && locked.settled) throw new Error(`attempt ${requestId} settled as a success, but its outcome is a failure`)
  const open = locked ? lockedAttempt(locked) : outcome.success ? await lockOpenSuccess(tx, requestId, outcome, now) : await lockOpenAttempt(tx, requestId)
  if (!open) return
  const { request, alarm: a, event: ev } = open
  const method = METHOD_NAME[a.method] ?? 'call'
  const log = deps.logger.child({ alarmId: a.id, alarmRequestId: request.id, callId: outcome.callId ?? request.callId, method })
  const requestFields = {
    callstatus: outcome.callstatus ?? null,
    duration: outcome.duration ?? null,
    failed: !outcome.success,
    reason: outcome.success ? null : outcome.code ?? null,
    reasonDetail: outcome.success ? null : outcome.reason ?? null,
  }
  const result = outcome.result && outcome.result !== ALARM_RESULT.none ? outcome.result : a.result
  const settleRequest = (status: number) => settleOnly(tx, { requestId: request.id, status, ...requestFields })
  const ended = async (status: number, retriesUsedUp: boolean) => {
    for (const hook of deps.alarmHooks.ended) await hook(tx, { alarmId: a.id, status, attempts: a.numAttempt, retriesUsedUp, at: now })
  }
  const why = outcome.code ? failureReason(outcome.code, outcome.reason ?? null) : outcome.reason
  const settleBoth = (requestStatus: number, alarmStatus: number, retryAt: Date | null = null) => settleWithAlarm(tx, {
    requestId: request.id, status: requestStatus, retryAt: retryAt?.toISOString() ?? null, ...requestFields,
    alarmId: a.id, alarmStatus, result, now: now.toISOString(),
  })

  // Deleted or cancelled while this attempt ran: record how it went, but plan nothing more.
  if (a.deletedAt || a.status !== ALARM_STATUS.inProcess || !ev || ev.deletedAt) {
    await settleRequest(outcome.success ? ALARM_STATUS.success : a.status === ALARM_STATUS.cancelled ? ALARM_STATUS.cancelled : ALARM_STATUS.failure)
    log.info({ outcome }, 'attempt of a cancelled alarm ended')
    return
  }

  if (outcome.success) {
    // The alarm's own update stores the result too, so applying the answer adds no second write of the row.
    if (!('settled' in open && open.settled)) await settleBoth(ALARM_STATUS.success, ALARM_STATUS.success)
    // The call's keypress is its answer (url_confirm / url_cancel, the answer listeners): usually applied already, as
    // it was given (apply-answer.ts changes nothing then), else now, with its end.
    if (outcome.result !== undefined && outcome.result !== ALARM_RESULT.none) {
      await applyAnswer(tx, deps, { alarmRequestId: request.id, result: outcome.result, source: 'call', calendarId: ev.calendarId }, now, a, true)
    }
    deps.scheduler.attempts.inc({ method, outcome: 'success' })
    log.info({ result }, 'alarm succeeded')
    await ended(ALARM_STATUS.success, false)
    return
  }

  const retryAt = outcome.retryable && a.numAttempt <= a.maxretry ? retryTime(a, now, await contactHoursOf(tx, ev)) : null
  // A retry that could only happen once the event has started would be expired on arrival: give up now instead,
  // so that the failure SMS still goes out while it is useful.
  if (retryAt && retryAt < ev.start) {
    await settleBoth(ALARM_STATUS.retry, ALARM_STATUS.retry, retryAt)
    await queueAttempt(tx, a.id, retryAt)
    deps.scheduler.attempts.inc({ method, outcome: 'retry' })
    log.info({ reason: why, retryAt, numAttempt: a.numAttempt }, 'attempt failed; retry planned')
    return
  }
  await settleBoth(ALARM_STATUS.failure, ALARM_STATUS.failure)
  deps.scheduler.attempts.inc({ method, outcome: 'failure' })
  log.info({ reason: why, numAttempt: a.numAttempt }, 'alarm failed')
  const sameDeadNumber = outcome.numberUnusable === true && a.phonenumberSmsFailure === a.alarmPhonenumber
  if (a.phonenumberSmsFailure && !sameDeadNumber) await queueFailureSms(tx, a, ev, request.id, now, log)
  await ended(ALARM_STATUS.failure, outcome.retryable)
}

/** After retry_delay, at the first moment the callee's contact hours and the alarm's window are both open (null: never). */
function retryTime(a: Alarm, now: Date, hours: ContactHours): Date | null {
  const earliest = new Date(now.getTime() + a.retryDelay * 1000)
  try {
    return nextContactOpening(earliest, hours, a.timezone, a)
  } catch {
    return earliest
  }
}

async function queueFailureSms(tx: Tx, a: Alarm, ev: Event, requestId: number, now: Date, log: SchedulerDeps['logger']): Promise<void> {
  const owner = await ownerOf(tx, ev)
  if (!owner) return
  // A scheduled text like any other: it waits for the callee's contact hours, and is not sent once the event starts.
  const sendAt = failureSmsTime(now, a, await contactHoursOf(tx, ev))
  if (sendAt === null || sendAt.getTime() >= ev.start.getTime()) {
    log.info({ to: a.phonenumberSmsFailure }, 'failure text not sent: the callee\'s contact hours leave no time before the event')
    return
  }
  const [sms] = await tx.insert(smsMessage).values({
    organizationId: owner.organizationId,
    smsGatewayId: owner.setting?.smsGatewayId ?? null,
    alarmRequestId: requestId,
    fromNumber: owner.setting?.callerid ?? '',
    toNumber: a.phonenumberSmsFailure!,
    body: failureSmsText(a, ev),
    // Of no use once the event has started.
    validUntil: ev.start,
  }).returning({ id: smsMessage.id })
  await addJob(tx, 'send-sms', { smsId: sms!.id }, sendAt.getTime() > now.getTime() ? { runAt: sendAt } : {})
}

function failureSmsTime(now: Date, a: Alarm, hours: ContactHours): Date | null {
  try {
    return nextContactOpening(now, hours, a.timezone, null)
  } catch {
    return now
  }
}

/** An attempt that could not even start (no calendar setting, no gateway…): a failure that retrying cannot fix. */
export function configurationFailure(code: AttemptReason, detail: string): AttemptOutcome {
  return { success: false, retryable: false, code, reason: detail }
}
