// Refusing at write time what would fail at its due time: an alarm (from the calendar API or an appointment's
// reminders) is checked against what its calendar has configured and what its event's data fills in, with the same
// rules the dispatcher applies (attempt-problems.ts), so the answer is a 400 naming the missing piece, not a failed
// attempt days later.
import { and, eq, isNull, or, sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { tagsIn } from '../../ivr/index.js'
import { ATTEMPT_REASON, sealedSurvey, smsGateway, type Event } from '../db/schema/index.js'
import { GATEWAY_STATUS } from '../codes/gateway-status.js'
import { badRequest } from '../errors.js'
import { attemptProblems, type AttemptProblem, type AttemptSetup } from './attempt-problems.js'
import { failureReason } from './failure-reason.js'
import { ownerOf } from './owner.js'
import { customFailureText, eventTagData } from './texts.js'

export type PlannedEvent = Pick<Event, 'calendarId' | 'title' | 'description' | 'start' | 'end' | 'timezone' | 'data'>

/**
 * Whether texts of a calendar whose setting names `settingGatewayId` can be sent: that gateway active, or without one
 * an active one of the organization's or the system's (send-sms.ts picks the same way).
 */
export async function smsGatewayUsable(tx: Tx, settingGatewayId: number | null, organizationId: number): Promise<boolean> {
  const result = await tx.select({ ok: sql<number>`1` }).from(smsGateway)
    .where(and(eq(smsGateway.status, GATEWAY_STATUS.active), settingGatewayId !== null ? eq(smsGateway.id, settingGatewayId)
      : or(isNull(smsGateway.organizationId), eq(smsGateway.organizationId, organizationId)))).limit(1)
  return result.length > 0
}

/** Every problem the alarm would meet at its due time; [] when it can go. */
export async function readinessProblems(tx: Tx, alarm: AttemptSetup['alarm'], ev: PlannedEvent): Promise<AttemptProblem[]> {
  const owner = await ownerOf(tx, ev)
  const [survey] = alarm.surveyId === null ? [] : await tx.select({ definition: sealedSurvey.definition }).from(sealedSurvey)
    .where(eq(sealedSurvey.id, alarm.surveyId))
  return attemptProblems({
    alarm,
    owner,
    survey: survey ?? null,
    smsGatewayUsable: owner ? await smsGatewayUsable(tx, owner.setting?.smsGatewayId ?? null, owner.organizationId) : false,
    data: eventTagData(ev),
    failureText: customFailureText(ev) ?? undefined,
  })
}

/** The problems as one 400: each named by its field, in the words of failure-reason.ts. */
export function notReady(problems: AttemptProblem[], fieldOf: (p: AttemptProblem) => string = (p) => p.field): Error {
  const fields: Record<string, string> = {}
  for (const p of problems) {
    if (p.code !== ATTEMPT_REASON.missingTag) fields[fieldOf(p)] ??= failureReason(p.code, p.detail) ?? p.code
    // one field per tag without a value (the detail lists them all)
    else for (const tag of tagsIn(p.detail)) fields[fieldOf({ ...p, field: p.field.replace(/[^.]+$/, tag) })] ??= failureReason(p.code, `{${tag}}`)!
  }
  return badRequest(Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; '), fields)
}
