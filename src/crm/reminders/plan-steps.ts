// A reminder plan's steps as a request writes them → as stored, checked field by field (`steps.1.survey`): one
// channel each, a survey only for calls, texts only for SMS and e-mail, and only {tags} reminders can fill.
import { and, eq, inArray, isNull, or } from 'drizzle-orm'
import { surveyTags, tagsIn, type SurveyDefinition } from '../../../ivr/index.js'
import type { Tx } from '../../db/client.js'
import { REMINDER_CHANNELS, sealedSurvey, users, type ReminderChannel, type ReminderStep } from '../../db/schema/index.js'
import { badRequest, type FieldErrors } from '../../errors.js'
import { parseOptionalLink } from '../../kit/links.js'
import { KNOWN_TAGS } from './tag-data.js'

export interface StepBody {
  channel: string
  offset_minutes: number
  only_if_unconfirmed?: boolean | null
  survey?: number | string | null
  template?: string | null
  subject?: string | null
  max_retries?: number | null
  retry_delay?: number | null
}

export const MAX_STEPS = 10
/** A call is tried again (busy, no answer) twice, an hour apart; texts and e-mails once. */
const DEFAULT_RETRIES: Record<ReminderChannel, number> = { call: 2, sms: 0, email: 0 }
const DEFAULT_RETRY_DELAY = 3600

const unknownTags = (tags: string[]) => tags.filter((t) => !KNOWN_TAGS.has(t))
const knownList = () => [...KNOWN_TAGS].map((t) => `{${t}}`).join(', ')

/** Checks every step (all problems in one 400) and the surveys they name (built-in, or of the organization). */
export async function checkSteps(tx: Tx, organizationId: number, steps: StepBody[]): Promise<ReminderStep[]> {
  const fields: FieldErrors = {}
  if (steps.length > MAX_STEPS) fields.steps = `at most ${MAX_STEPS} steps`
  const out: ReminderStep[] = []
  for (const [i, body] of steps.entries()) {
    const at = (field: string) => `steps.${i}.${field}`
    const bad = (field: string, problem: string) => { fields[at(field)] ??= problem }
    const channel = body.channel as ReminderChannel
    if (!REMINDER_CHANNELS.includes(channel)) bad('channel', `must be one of ${REMINDER_CHANNELS.join(', ')}`)
    let survey: number | null = null
    try {
      survey = parseOptionalLink(at('survey'), body.survey, 'sealed-survey')
    } catch {
      bad('survey', 'must be a sealed survey id or hyperlink (…/rest-api/sealed-survey/ID/)')
    }
    if (survey !== null && channel !== 'call') bad('survey', 'only a call step runs a survey')
    const template = body.template?.trim() ? body.template : null
    const subject = body.subject?.trim() ? body.subject : null
    if (template !== null && channel === 'call') bad('template', 'a call step speaks its survey; texts are for sms and email steps')
    if (subject !== null && channel !== 'email') bad('subject', 'only an email step has a subject')
    for (const [field, text] of [['template', template], ['subject', subject]] as const) {
      const unknown = unknownTags(tagsIn(text ?? ''))
      if (unknown.length > 0) bad(field, `reminders cannot fill ${unknown.map((t) => `{${t}}`).join(', ')}; they fill ${knownList()}`)
    }
    out.push({
      channel,
      offset_minutes: body.offset_minutes,
      only_if_unconfirmed: body.only_if_unconfirmed ?? false,
      survey,
      template,
      subject,
      max_retries: body.max_retries ?? DEFAULT_RETRIES[channel] ?? 0,
      retry_delay: body.retry_delay ?? DEFAULT_RETRY_DELAY,
    })
  }
  const ids = [...new Set(out.map((s) => s.survey).filter((id): id is number => id !== null))]
  if (ids.length > 0) {
    const found = await tx.select({ id: sealedSurvey.id, definition: sealedSurvey.definition }).from(sealedSurvey)
      .leftJoin(users, eq(users.id, sealedSurvey.userId))
      .where(and(inArray(sealedSurvey.id, ids), or(isNull(sealedSurvey.userId), eq(users.organizationId, organizationId))))
    for (const [i, step] of out.entries()) {
      if (step.survey === null) continue
      const survey = found.find((s) => s.id === step.survey)
      if (!survey) {
        fields[`steps.${i}.survey`] ??= `sealed survey ${step.survey} does not exist in your organization`
        continue
      }
      const unknown = unknownTags(surveyTags(survey.definition as SurveyDefinition))
      if (unknown.length > 0) {
        fields[`steps.${i}.survey`] ??= `sealed survey ${step.survey} speaks ${unknown.map((t) => `{${t}}`).join(', ')}, which reminders cannot fill; they fill ${knownList()}`
      }
    }
  }
  const names = Object.keys(fields)
  if (names.length > 0) throw badRequest(names.map((f) => `${f}: ${fields[f]}`).join('; '), fields)
  return out
}
