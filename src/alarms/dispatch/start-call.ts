import type { IvrContext } from '../../../ivr/index.js'
import { ATTEMPT_REASON, type Alarm, type AttemptReason, type Event } from '../../db/schema/index.js'
import { createCall } from '../../dialer/create-call.js'
import { claimCall } from '../../dialer/dial-call.js'
import type { AlarmOwner } from '../owner.js'
import { eventTagData } from '../texts.js'
import type { Starter } from './starters.js'
import { machineHandling } from '../../codes/amd-behavior.js'
import { GATEWAY_STATUS } from '../../codes/gateway-status.js'

const E164 = /^\+[1-9]\d{5,14}$/

/**
 * A call alarm: the call (its id drawn with the attempt) is created and its dialling claimed in this same transaction
 * (one commit from due to dial); the caller places it after commit. A call over a limit waits as a `dial-call` job.
 */
export const startCall: Starter = async ({ tx, deps, alarm: a, event: ev, owner, context, request, log }) => {
  const problem = callProblem(a, owner)
  if (problem) return { kind: 'failed', code: problem[0], reason: problem[1] }
  const setting = owner.setting!
  const gw = owner.gateway!
  const survey = context.survey
  if (!survey) return { kind: 'failed', code: ATTEMPT_REASON.noSurvey, reason: `sealed survey ${a.surveyId} does not exist` }
  const from = setting.callerid && E164.test(setting.callerid) ? setting.callerid : gw.fromNumber
  if (!from) return { kind: 'failed', code: ATTEMPT_REASON.noCallerId, reason: 'neither the calendar setting nor the gateway has an E.164 caller id' }
  const call = await createCall(tx, {
    id: request.callId!,
    organizationId: owner.organizationId,
    userId: owner.managerId ?? owner.calendar.userId,
    gatewayId: gw.id,
    sealedSurveyId: survey.id,
    to: a.alarmPhonenumber!,
    from,
    context: ivrContext(a, ev, owner, survey),
    amdBehavior: setting.voicemail ? setting.amdBehavior : null,
    ringTimeout: setting.callTimeout,
    alarmRequestId: request.id,
    calendarId: owner.calendar.id,
    claimedByCaller: true,
  })
  const claim = await claimCall(tx, deps, call, gw, {
    calendar: { id: owner.calendar.id, maxConcurrent: owner.calendar.maxConcurrent }, doNotContact: context.doNotContact,
  })
  log.info({ callId: call.id, numAttempt: a.numAttempt, claim: claim.kind }, 'alarm call started')
  return { kind: 'call', claim, callId: call.id }
}

function callProblem(a: Alarm, owner: AlarmOwner): [AttemptReason, string] | null {
  if (!a.alarmPhonenumber) return [ATTEMPT_REASON.incompleteAlarm, 'a call alarm needs alarm_phonenumber']
  if (a.surveyId === null) return [ATTEMPT_REASON.incompleteAlarm, 'a call alarm needs a survey']
  if (!owner.setting) return [ATTEMPT_REASON.noCalendarSetting, "the calendar's user has no calendar setting"]
  if (!owner.gateway) return [ATTEMPT_REASON.noGateway, "the calendar setting's gateway does not exist"]
  if (owner.gateway.status !== GATEWAY_STATUS.active) return [ATTEMPT_REASON.gatewayInactive, `gateway ${owner.gateway.id} is inactive`]
  return null
}

/** What the IVR gets for an alarm call (the call-request API builds the same from its request body). */
function ivrContext(a: Alarm, ev: Event, owner: AlarmOwner, survey: { ttsLanguage: string; ttsVoice: string }): IvrContext {
  const setting = owner.setting!
  return {
    data: eventTagData(ev),
    tts: { language: survey.ttsLanguage, voice: survey.ttsVoice },
    machine: setting.voicemail ? machineHandling(setting.amdBehavior) : 'continue',
    ...(setting.voicemailAudiofile && { voicemail_audio_url: setting.voicemailAudiofile }),
    ...(a.phonenumberTransfer && { transfer_number: a.phonenumberTransfer }),
    ...(a.alarmPhonenumber && { caller_number: a.alarmPhonenumber }),
  }
}
