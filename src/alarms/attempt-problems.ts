// What keeps an alarm's attempt from starting, decided from what is configured: the same rules refuse an alarm when
// it is written (readiness.ts: the calendar API, appointment reminders) and fail an attempt that still meets one
// when it is due (dispatch.ts), each problem a reason code with its detail (failure-reason.ts words them).
import { surveyTags, tagsIn, type SurveyDefinition } from '../../ivr/index.js'
import { ALARM_METHOD, ATTEMPT_REASON, type Alarm, type AttemptReason } from '../db/schema/index.js'
import { GATEWAY_STATUS } from '../codes/gateway-status.js'
import type { AlarmOwner } from './owner.js'

export interface AttemptProblem {
  code: AttemptReason
  /** where (`calendar Mitte`) for a missing configuration; the tags for missing-tag */
  detail: string
  /** the request field that names the missing piece (`survey`, `sms_gateway`, `data.doctor`…) */
  field: string
}

export interface AttemptSetup {
  alarm: Pick<Alarm, 'method' | 'alarmPhonenumber' | 'surveyId' | 'smsTemplate' | 'alarmEmail' | 'mailSubject' | 'mailText' | 'phonenumberSmsFailure'>
  owner: AlarmOwner | null
  /** the sealed survey of a call, null when it does not exist */
  survey: { definition: unknown } | null
  /** whether texts of this calendar can go out: its setting's SMS gateway is active (or, with none set, any is) */
  smsGatewayUsable: boolean
  /** what {tags} are filled from (texts.ts eventTagData) */
  data: Record<string, unknown>
  /** the failure text sent to phonenumber_sms_failure, when it has {tags} */
  failureText?: string
}

const E164 = /^\+[1-9]\d{5,14}$/
/** Filled by the call itself: the callee's number; a transfer without a number takes its no_number branch. */
const CALL_BUILTINS = new Set(['caller_number', 'phonenumber_transfer'])

const hasValue = (value: unknown) => (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))

export const callerIdOf = (owner: AlarmOwner): string | null =>
  owner.setting?.callerid && E164.test(owner.setting.callerid) ? owner.setting.callerid : owner.gateway?.fromNumber || null

/** Tags used by `tags` that `data` has no value for, as `{a}, {b}` (null when none). */
export function missingTags(tags: string[], data: Record<string, unknown>): string[] {
  return tags.filter((tag) => !hasValue(data[tag]))
}

function tagProblems(tags: string[], data: Record<string, unknown>): AttemptProblem[] {
  const missing = missingTags(tags, data)
  return missing.length === 0 ? [] : [{ code: ATTEMPT_REASON.missingTag, detail: missing.map((t) => `{${t}}`).join(', '), field: `data.${missing[0]}` }]
}

/** Every problem, most basic first (an attempt fails on the first). */
export function attemptProblems(setup: AttemptSetup): AttemptProblem[] {
  const { alarm: a, owner, data } = setup
  if (!owner) return [{ code: ATTEMPT_REASON.noCalendar, detail: '', field: 'event' }]
  const where = `calendar ${owner.calendar.name}`
  const problems: AttemptProblem[] = []
  const needSms = () => {
    if (!setup.smsGatewayUsable) problems.push({ code: ATTEMPT_REASON.noSmsGateway, detail: where, field: 'sms_gateway' })
  }
  if (a.method === ALARM_METHOD.call) {
    if (!owner.setting) return [{ code: ATTEMPT_REASON.noCalendarSetting, detail: where, field: 'calendar_setting' }]
    if (!owner.gateway) problems.push({ code: ATTEMPT_REASON.noGateway, detail: where, field: 'gateway' })
    else if (owner.gateway.status !== GATEWAY_STATUS.active) problems.push({ code: ATTEMPT_REASON.gatewayInactive, detail: where, field: 'gateway' })
    else if (!callerIdOf(owner)) problems.push({ code: ATTEMPT_REASON.noCallerId, detail: where, field: 'callerid' })
    if (a.surveyId === null || !setup.survey) problems.push({ code: ATTEMPT_REASON.noSurvey, detail: where, field: 'survey' })
    else problems.push(...tagProblems(surveyTags(setup.survey.definition as SurveyDefinition).filter((t) => !CALL_BUILTINS.has(t)), data))
  } else if (a.method === ALARM_METHOD.sms) {
    needSms()
    problems.push(...tagProblems(tagsIn(a.smsTemplate ?? ''), data))
  } else {
    problems.push(...tagProblems([...tagsIn(a.mailSubject ?? ''), ...tagsIn(a.mailText ?? '')], data))
  }
  if (a.phonenumberSmsFailure) {
    if (a.method !== ALARM_METHOD.sms) needSms()
    problems.push(...tagProblems(tagsIn(setup.failureText ?? ''), data).map((p) => ({ ...p, field: `data.sms_failure.${p.field.slice(5)}` })))
  }
  return problems
}
