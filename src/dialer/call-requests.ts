import { and, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { IvrContext } from '../../ivr/index.js'
import type { Db } from '../db/client.js'
import { call, gateway, organization, surveyResult, users, type Call } from '../db/schema/index.js'
import { forbidden, invalidField, notFound } from '../errors.js'
import type { Principal } from '../accounts/auth.js'
import { usableBy } from '../accounts/sharing.js'
import { findUsableSealedSurvey } from '../surveys/surveys.js'
import { toE164 } from '../kit/validation.js'
import { createCall } from './create-call.js'
import { machineHandling } from '../codes/amd-behavior.js'
import { GATEWAY_STATUS } from '../codes/gateway-status.js'

/** Admins see every call; others their own and their calendar users' calls, in their organization. */
export function visibleCalls(principal: Principal): SQL | undefined {
  if (principal.role === 'admin') return undefined
  return and(
    eq(call.organizationId, principal.organizationId),
    or(eq(call.userId, principal.id), inArray(call.userId, sql`(select id from ${users} where ${users.managerId} = ${principal.id})`)),
  )
}

export async function listCalls(db: Db, principal: Principal, limit: number, offset: number) {
  const where = visibleCalls(principal)
  const [total] = await db.select({ n: count() }).from(call).where(where)
  const rows = await db.select().from(call).where(where).orderBy(desc(call.id)).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getCall(db: Db, principal: Principal, id: number): Promise<Call> {
  const [row] = await db.select().from(call).where(and(eq(call.id, id), visibleCalls(principal)))
  if (!row) throw notFound('Call request')
  return row
}

export async function callAnswers(db: Db, callIds: number[]) {
  if (callIds.length === 0) return []
  return db.select().from(surveyResult).where(inArray(surveyResult.callId, callIds)).orderBy(surveyResult.id)
}

export interface CallRequestInput {
  phoneNumber: string
  sealedSurveyId: number
  gatewayId: number
  callerid?: string
  data?: Record<string, unknown>
  amdBehavior?: number | null
  timeout?: number
  transferNumber?: string
}

/**
 * "Call this number now with this survey": validates, stores the call and queues its dialling. Only admins and
 * managers place calls to numbers of their choosing; a calendar user's calls are their events' alarms (README).
 * The gateway must be one the caller may use (sharing.ts): a system gateway, or their organization's.
 */
export async function requestCall(db: Db, principal: Principal, input: CallRequestInput): Promise<Call> {
  if (principal.role === 'calendar_user') throw forbidden('Calendar users cannot place call requests; their alarms place their calls')
  const [org] = await db.select().from(organization).where(eq(organization.id, principal.organizationId))
  const region = org!.defaultRegion
  const to = toE164('phone_number', input.phoneNumber, region)
  const survey = await findUsableSealedSurvey(db, principal, input.sealedSurveyId)
  const [gw] = await db.select().from(gateway).where(and(eq(gateway.id, input.gatewayId), usableBy(gateway, principal)))
  if (!gw) throw invalidField('gateway', `gateway ${input.gatewayId} does not exist or is not shared with your organization`)
  if (gw.status !== GATEWAY_STATUS.active) throw invalidField('gateway', 'this gateway is inactive')
  const from = input.callerid ? toE164('callerid', input.callerid, region) : gw.fromNumber
  if (!from) throw invalidField('callerid', 'required: the gateway has no caller id')
  const transfer = input.transferNumber ? toE164('phonenumber_transfer', input.transferNumber, region) : undefined
  const context: IvrContext = {
    data: input.data ?? {},
    tts: { language: survey.ttsLanguage, voice: survey.ttsVoice },
    machine: machineHandling(input.amdBehavior ?? null),
    caller_number: to,
    ...(transfer && { transfer_number: transfer }),
  }
  return db.transaction((tx) => createCall(tx, {
    organizationId: principal.organizationId,
    userId: principal.id,
    gatewayId: gw.id,
    sealedSurveyId: survey.id,
    to,
    from,
    context,
    amdBehavior: input.amdBehavior ?? null,
    ringTimeout: input.timeout ?? 60,
  }))
}
