// The `alarm-due` job: one run per due attempt. Under the alarm's row lock it re-checks everything (still pending or
// retrying, event live and not paused, really due, in its window, not stale), then in ONE transaction records the
// attempt (alarm_request, num_attempt, status 2) and starts its work: a call (its dialling claimed in the same
// transaction and placed right after commit; a call over a limit waits as a `dial-call` job), an SMS, or an e-mail.
// A crash before commit changes nothing and the job runs again; after commit the alarm is in process, so a second
// run of the job does nothing.
import { eq, sql } from 'drizzle-orm'
import type { IvrContext } from '../../../ivr/index.js'
import type { Tx } from '../../db/client.js'
import {
  alarm, alarmRequest, ALARM_METHOD, ALARM_STATUS, ATTEMPT_REASON, EVENT_STATUS, smsMessage, type Alarm, type AttemptReason, type Event,
} from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { addJob } from '../../queue/queue.js'
import { createCall } from '../../dialer/create-call.js'
import { claimCall, placeClaimedCall, type Claim } from '../../dialer/dial-call.js'
import { CallStatus } from '../../codes/call-status.js'
import { isExpired, nextWindowOpening } from '../due-time.js'
import { lockAttemptContext } from './attempt-context.js'
import type { AlarmOwner } from '../owner.js'
import { plannedDue, queueAttempt } from '../plan/plan.js'
import { configurationFailure, METHOD_NAME, settleAttempt } from '../settle/settle.js'
import { eventTagData, fillText } from '../texts.js'

/** How long an SMS alarm waits for a final delivery status before it is settled from what is known. */
export const SMS_DELIVERY_DEADLINE_MS = 10 * 60_000
/** A job that runs this early is for a time the alarm no longer has (it was moved): the right job is queued again. */
const EARLY_TOLERANCE_MS = 20

const MACHINE = { 1: 'continue', 2: 'hangup', 3: 'voicemail' } as const
const E164 = /^\+[1-9]\d{5,14}$/

type Started =
  | { kind: 'call'; claim: Claim; callId: number; requestId: number; due: Date }
  | { kind: 'queued'; method: string; due: Date }
  | null

export function createAlarmDue(deps: AppDeps) {
  const { db, logger, scheduler } = deps
  return async function alarmDue({ alarmId, due }: { alarmId: number; due: string }): Promise<void> {
    const started = await db.transaction((tx) => startAttempt(tx, deps, alarmId, new Date(due), new Date()))
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
  let due: Date
  if (a.status === ALARM_STATUS.pending) {
    due = plannedDue(a, now)
    if (due.getTime() > now.getTime() + EARLY_TOLERANCE_MS) {
      await queueAttempt(tx, a.id, due)
      return null
    }
  } else {
    due = plannedAt
    const opening = safeOpening(now, a)
    if (opening.getTime() > now.getTime() + EARLY_TOLERANCE_MS) {
      // The window closed (or was edited) since this retry was planned.
      await queueAttempt(tx, a.id, opening)
      return null
    }
  }
  const method = METHOD_NAME[a.method] ?? 'call'
  scheduler.due.inc({ method })
  if (isExpired({ due, now, eventStart: ev.start, staleAfterSeconds: config.alarmStaleAfter })) {
    await tx.update(alarm).set({ status: ALARM_STATUS.expired, updatedDate: now }).where(eq(alarm.id, a.id))
    scheduler.expired.inc({ method })
    log.warn({ due, lateSeconds: (now.getTime() - due.getTime()) / 1000, eventStart: ev.start }, 'alarm expired: too late to be useful')
    return null
  }

  const numAttempt = a.numAttempt + 1
  const isCall = a.method === ALARM_METHOD.call
  // A call attempt's call id is drawn with the attempt, so the attempt names its call from the start.
  const [request] = await tx.insert(alarmRequest).values({
    alarmId: a.id,
    date: now,
    status: ALARM_STATUS.inProcess,
    ...(isCall && { callId: sql`nextval(pg_get_serial_sequence('call', 'id'))`, callstatus: CallStatus.queued }),
  }).returning()
  await tx.update(alarm).set({ status: ALARM_STATUS.inProcess, numAttempt, updatedDate: now }).where(eq(alarm.id, a.id))
  const current = { ...a, numAttempt, status: ALARM_STATUS.inProcess }
  const reqLog = log.child({ alarmRequestId: request!.id })
  scheduler.dispatched.inc({ method })

  const fail = async (code: AttemptReason, reason: string) => {
    reqLog.error({ reason }, 'alarm attempt cannot start')
    await settleAttempt(tx, deps, request!.id, configurationFailure(code, reason), now)
    return null
  }
  if (!owner) return fail(ATTEMPT_REASON.noCalendar, 'the event has no calendar')

  if (a.method === ALARM_METHOD.sms) {
    if (!a.alarmPhonenumber || !a.smsTemplate) return fail(ATTEMPT_REASON.incompleteAlarm, 'an SMS alarm needs alarm_phonenumber and sms_template')
    const [sms] = await tx.insert(smsMessage).values({
      organizationId: owner.organizationId,
      smsGatewayId: owner.setting?.smsGatewayId ?? null,
      alarmRequestId: request!.id,
      fromNumber: owner.setting?.callerid ?? '',
      toNumber: a.alarmPhonenumber,
      body: fillText(a.smsTemplate, ev),
    }).returning({ id: smsMessage.id })
    await addJob(tx, 'send-sms', { smsId: sms!.id })
    // The delivery deadline; a final status callback brings this job forward (sms-webhooks → sms-finished).
    await addJob(tx, 'sms-finished', { smsId: sms!.id }, { runAt: new Date(now.getTime() + SMS_DELIVERY_DEADLINE_MS) })
    reqLog.info({ smsId: sms!.id }, 'SMS alarm queued')
    return { kind: 'queued', method, due }
  }
  if (a.method === ALARM_METHOD.email) {
    if (!a.alarmEmail || !a.mailSubject || !a.mailText) return fail(ATTEMPT_REASON.incompleteAlarm, 'an e-mail alarm needs alarm_email, mail_subject and mail_text')
    await addJob(tx, 'send-alarm-email', { alarmRequestId: request!.id })
    reqLog.info('e-mail alarm queued')
    return { kind: 'queued', method, due }
  }

  const problem = callProblem(current, owner)
  if (problem) return fail(...problem)
  const setting = owner.setting!
  const gw = owner.gateway!
  const survey = context.survey
  if (!survey) return fail(ATTEMPT_REASON.noSurvey, `sealed survey ${current.surveyId} does not exist`)
  const from = setting.callerid && E164.test(setting.callerid) ? setting.callerid : gw.fromNumber
  if (!from) return fail(ATTEMPT_REASON.noCallerId, 'neither the calendar setting nor the gateway has an E.164 caller id')
  const call = await createCall(tx, {
    id: request!.callId!,
    organizationId: owner.organizationId,
    userId: owner.managerId ?? owner.calendar.userId,
    gatewayId: gw.id,
    sealedSurveyId: survey.id,
    to: current.alarmPhonenumber!,
    from,
    context: ivrContext(current, ev, owner, survey),
    amdBehavior: setting.voicemail ? setting.amdBehavior : null,
    ringTimeout: setting.callTimeout,
    alarmRequestId: request!.id,
    calendarId: owner.calendar.id,
    claimedByCaller: true,
  })
  // Dialling is claimed in this same transaction (one commit from due to dial); the call is placed after commit.
  const claim = await claimCall(tx, deps, call, gw, {
    calendar: { id: owner.calendar.id, maxConcurrent: owner.calendar.maxConcurrent }, doNotContact: context.doNotContact,
  })
  reqLog.info({ callId: call.id, numAttempt, claim: claim.kind }, 'alarm call started')
  return { kind: 'call', claim, callId: call.id, requestId: request!.id, due }
}

function safeOpening(now: Date, a: Alarm): Date {
  try {
    return nextWindowOpening(now, a)
  } catch {
    return now
  }
}

function callProblem(a: Alarm, owner: AlarmOwner): [AttemptReason, string] | null {
  if (!a.alarmPhonenumber) return [ATTEMPT_REASON.incompleteAlarm, 'a call alarm needs alarm_phonenumber']
  if (a.surveyId === null) return [ATTEMPT_REASON.incompleteAlarm, 'a call alarm needs a survey']
  if (!owner.setting) return [ATTEMPT_REASON.noCalendarSetting, "the calendar's user has no calendar setting"]
  if (!owner.gateway) return [ATTEMPT_REASON.noGateway, "the calendar setting's gateway does not exist"]
  if (owner.gateway.status !== 1) return [ATTEMPT_REASON.gatewayInactive, `gateway ${owner.gateway.id} is inactive`]
  return null
}

/** What the IVR gets for an alarm call (the call-request API builds the same from its request body). */
function ivrContext(a: Alarm, ev: Event, owner: AlarmOwner, survey: { ttsLanguage: string; ttsVoice: string }): IvrContext {
  const setting = owner.setting!
  return {
    data: eventTagData(ev),
    tts: { language: survey.ttsLanguage, voice: survey.ttsVoice },
    machine: setting.voicemail ? MACHINE[setting.amdBehavior as 1 | 2 | 3] ?? 'continue' : 'continue',
    ...(setting.voicemailAudiofile && { voicemail_audio_url: setting.voicemailAudiofile }),
    ...(a.phonenumberTransfer && { transfer_number: a.phonenumberTransfer }),
    ...(a.alarmPhonenumber && { caller_number: a.alarmPhonenumber }),
  }
}
