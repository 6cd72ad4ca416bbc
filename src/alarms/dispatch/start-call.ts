import type { IvrContext } from '../../../ivr/index.js'
import type { Alarm, Event } from '../../db/schema/index.js'
import type { AlarmOwner } from '../owner.js'
import { eventTagData } from '../texts.js'
import type { Starter } from './starters.js'
import { machineHandling } from '../../codes/amd-behavior.js'
import { ATTEMPT_REASON } from '../../db/schema/index.js'
import { callerIdOf } from '../attempt-problems.js'

/**
 * A call alarm: the call is created with its attempt and its dialling claimed in this same transaction, usually in
 * one statement (record-attempt.ts; one commit from due to dial); the caller places it after commit. A call over a
 * limit waits as a `dial-call` job.
 */
export const startCall: Starter = async ({ alarm: a, event: ev, owner, context, recordCall, log }) => {
  // What it needs was checked just before (attempt-problems.ts, in dispatch.ts); these only satisfy the types.
  const where = `calendar ${owner.calendar.name}`
  if (!a.alarmPhonenumber) return { kind: 'failed', code: ATTEMPT_REASON.incompleteAlarm, reason: 'a call alarm needs alarm_phonenumber' }
  const setting = owner.setting
  const gw = owner.gateway
  const survey = context.survey
  if (!setting) return { kind: 'failed', code: ATTEMPT_REASON.noCalendarSetting, reason: where }
  if (!gw) return { kind: 'failed', code: ATTEMPT_REASON.noGateway, reason: where }
  if (!survey) return { kind: 'failed', code: ATTEMPT_REASON.noSurvey, reason: where }
  const from = callerIdOf(owner)
  if (!from) return { kind: 'failed', code: ATTEMPT_REASON.noCallerId, reason: where }
  const { call, claim } = await recordCall({
    organizationId: owner.organizationId,
    userId: owner.managerId ?? owner.calendar.userId,
    gatewayId: gw.id,
    sealedSurveyId: survey.id,
    to: a.alarmPhonenumber!,
    from,
    context: ivrContext(a, ev, owner, survey),
    amdBehavior: setting.voicemail ? setting.amdBehavior : null,
    ringTimeout: setting.callTimeout,
    calendarId: owner.calendar.id,
  }, { gw, calendar: { id: owner.calendar.id, maxConcurrent: owner.calendar.maxConcurrent }, doNotContact: context.doNotContact })
  log.info({ alarmRequestId: call.alarmRequestId, callId: call.id, numAttempt: a.numAttempt, claim: claim.kind }, 'alarm call started')
  return { kind: 'call', claim, callId: call.id }
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
