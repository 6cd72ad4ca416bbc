// The `alarm-due` job: one run per due attempt. Under the alarm's row lock it re-checks everything (still pending or
// retrying, event live and not paused, really due, in its window, not stale), then in ONE transaction records the
// attempt (alarm_request, num_attempt, status 2) and starts its work with its method's starter (starters.ts): a call
// (its dialling claimed in the same transaction and placed right after commit), an SMS, or an e-mail.
// A crash before commit changes nothing and the job runs again; after commit the alarm is in process, so a second
// run of the job does nothing.
import { eq } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { alarm, ALARM_METHOD, ALARM_STATUS, ATTEMPT_REASON, EVENT_STATUS, type Alarm, type AttemptReason } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { placeClaimedCall, type Claim } from '../../dialer/dial-call.js'
import { CallStatus } from '../../codes/call-status.js'
import { attemptProblems } from '../attempt-problems.js'
import { nextContactOpening, type ContactHours } from '../contact-hours.js'
import { isExpired, nextWindowOpening } from '../due-time.js'
import { failureReason } from '../failure-reason.js'
import { customFailureText, eventTagData } from '../texts.js'
import { lockAttemptContext } from './attempt-context.js'
import { plannedDue, queueAttempt } from '../plan/plan.js'
import { configurationFailure, METHOD_NAME, settleAttempt } from '../settle/settle.js'
import { starterOf, type AttemptStart } from './starters.js'
import { recordAttempt, recordCallAttempt } from './record-attempt.js'

/** A job that runs this early is for a time the alarm no longer has (it was moved): the right job is queued again. */
const EARLY_TOLERANCE_MS = 20

type Started =
  | { kind: 'call'; claim: Claim; callId: number; requestId: number; due: Date }
  | { kind: 'queued'; method: string; due: Date }
  | null

export function createAlarmDue(deps: AppDeps) {
  const { db, logger, scheduler, clock } = deps
  return async function alarmDue({ alarmId, due }: { alarmId: number; due: string }): Promise<void> {
    const started = await db.transaction((tx) => startAttempt(tx, deps, alarmId, new Date(due), clock.now()))
    if (!started) return
    if (started.kind === 'queued') {
      scheduler.lateness.observe({ method: started.method }, Math.max(0, Date.now() - started.due.getTime()) / 1000)
      return
    }
    const { claim } = started
    if (claim.kind === 'claimed') {
      scheduler.lateness.observe({ method: 'call' }, Math.max(0, claim.row.dialedAt!.getTime() - started.due.getTime()) / 1000)
      await placeClaimedCall(deps, claim)
    } else if (claim.kind === 'deferred') {
      logger.debug({ alarmId, callId: started.callId, alarmRequestId: started.requestId, retryAt: claim.retryAt }, 'call waits for a free line')
    }
  }
}

async function startAttempt(tx: Tx, deps: AppDeps, alarmId: number, plannedAt: Date, now: Date): Promise<Started> {
  const { config, logger, scheduler } = deps
  const context = await lockAttemptContext(tx, alarmId)
  if (!context) return null
  const { alarm: a, event: ev, owner } = context
  if (a.deletedAt) return null
  if (a.status !== ALARM_STATUS.pending && a.status !== ALARM_STATUS.retry) return null
  const log = logger.child({ alarmId, eventId: a.eventId })
  if (!ev || ev.deletedAt) {
    await tx.update(alarm).set({ status: ALARM_STATUS.cancelled, updatedDate: now }).where(eq(alarm.id, a.id))
    return null
  }
  // Held: resuming the event re-plans its alarms (plan.ts).
  if (ev.status === EVENT_STATUS.paused) {
    log.info('alarm held: its event is paused')
    return null
  }
  // When its own window says (a retry: now, if the window is still open), then moved into the callee's contact hours.
  const windowDue = a.status === ALARM_STATUS.pending ? plannedDue(a, now) : safeOpening(now, a)
  const opening = contactOpening(windowDue, a, context.contactHours)
  // Contact hours leave no moment before the event: skipped, with that reason, once the attempt is recorded below.
  const noTime = opening === null || (ev.start !== null && opening.getTime() >= ev.start.getTime())
  const next = opening ?? windowDue
  // Not yet: it is not due (moved since planned), its window closed, or it waits for the callee's morning. One with no
  // time left waits for its own due time all the same, and is skipped then.
  const runAt = noTime ? windowDue : next
  if (runAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) {
    if (runAt.getTime() > windowDue.getTime()) log.info({ due: windowDue, deferredTo: runAt }, 'outside the callee\'s contact hours: deferred')
    await queueAttempt(tx, a.id, runAt, now.getTime())
    return null
  }
  // Lateness and staleness count from when it could first go out: a retry from its plan, unless contact hours moved it.
  const due = a.status === ALARM_STATUS.pending || next.getTime() > windowDue.getTime() ? next : plannedAt
  const method = METHOD_NAME[a.method] ?? 'call'
  scheduler.due.inc({ method })
  if (isExpired({ due, now, eventStart: ev.start, staleAfterSeconds: config.alarmStaleAfter })) {
    await tx.update(alarm).set({ status: ALARM_STATUS.expired, updatedDate: now }).where(eq(alarm.id, a.id))
    scheduler.expired.inc({ method })
    log.warn({ due, lateSeconds: (now.getTime() - due.getTime()) / 1000, eventStart: ev.start }, 'alarm expired: too late to be useful')
    for (const hook of deps.alarmHooks.ended) {
      await hook(tx, { alarmId: a.id, status: ALARM_STATUS.expired, attempts: a.numAttempt, retriesUsedUp: false, at: now })
    }
    return null
  }
  // A listener above (an appointment's reminder step sent only while unconfirmed) may hold it back for good.
  for (const hook of deps.alarmHooks.beforeAttempt) {
    const held = await hook(tx, a, now, ev.calendarId)
    if (held === null) continue
    await tx.update(alarm).set({ status: ALARM_STATUS.cancelled, updatedDate: now }).where(eq(alarm.id, a.id))
    log.info({ reason: held }, 'alarm held back; cancelled')
    return null
  }

  const numAttempt = a.numAttempt + 1
  const current = { ...a, numAttempt, status: ALARM_STATUS.inProcess }
  const attempt = { alarmId: a.id, numAttempt, now }
  // The attempt is recorded once its starter knows it can start (a call's with its call, in one statement), or below
  // when it cannot.
  let requestId: number | null = null
  const recorded = (id: number) => {
    requestId = id
    scheduler.dispatched.inc({ method })
  }
  const record: AttemptStart['record'] = async () => {
    const request = await recordAttempt(tx, attempt)
    recorded(request.id)
    return request
  }
  const recordCall: AttemptStart['recordCall'] = async (newCall, claimOf) => {
    const created = await recordCallAttempt(tx, deps, attempt, newCall, claimOf)
    recorded(created.call.alarmRequestId!)
    return created
  }
  const fail = async (code: AttemptReason, detail: string) => {
    // A call attempt that fails before its call exists links to no call, and its call status says it failed.
    if (requestId === null) recorded((await recordAttempt(tx, attempt, a.method === ALARM_METHOD.call ? CallStatus.failed : CallStatus.none)).id)
    log.error({ alarmRequestId: requestId, reason: failureReason(code, detail) }, 'alarm attempt cannot start')
    await settleAttempt(tx, deps, requestId!, configurationFailure(code, detail), now)
    return null
  }

  // The checks the calendar API and the reminders made when the alarm was written, again: configuration and data may
  // have changed since. Nothing goes out with a blank where a {tag} was.
  if (noTime) {
    return fail(ATTEMPT_REASON.outsideContactHours,
      `${context.contactHours.start}–${context.contactHours.end} in ${a.timezone}${opening ? `: the next opening, ${opening.toISOString()}, is not before the event` : ', never inside the alarm\'s own window'}`)
  }
  const [problem] = attemptProblems({
    alarm: current, owner, survey: context.survey, smsGatewayUsable: context.smsGatewayUsable, data: eventTagData(ev),
    failureText: customFailureText(ev) ?? undefined,
  })
  if (problem || !owner) return fail(problem?.code ?? ATTEMPT_REASON.noCalendar, problem?.detail ?? '')
  const started = await starterOf(a.method)({ tx, deps, alarm: current, event: ev, owner, context, record, recordCall, now, log })
  if (started.kind === 'failed') return fail(started.code, started.reason)
  if (started.kind === 'queued') return { kind: 'queued', method, due }
  return { kind: 'call', claim: started.claim, callId: started.callId, requestId: requestId!, due }
}

/** The first moment at or after `at` inside both the callee's contact hours and the alarm's window; null: never. */
function contactOpening(at: Date, a: Alarm, hours: ContactHours): Date | null {
  try {
    return nextContactOpening(at, hours, a.timezone, a)
  } catch {
    return at // a row the API could not have written (bad zone or hours): as before contact hours
  }
}

function safeOpening(now: Date, a: Alarm): Date {
  try {
    return nextWindowOpening(now, a)
  } catch {
    return now
  }
}
