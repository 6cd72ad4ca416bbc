import type { IvrContext } from '../../ivr/index.js'
import { sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { builtOnce } from '../db/built-once.js'
import { call, type Call } from '../db/schema/index.js'
import { addJob } from '../queue/queue.js'

export interface NewCall {
  organizationId: number
  userId: number
  gatewayId: number
  sealedSurveyId: number
  to: string
  from: string
  context: IvrContext
  /** 1 always, 2 human only, 3 voicemail only; null = no machine detection */
  amdBehavior: number | null
  ringTimeout: number
  /** the alarm's calendar (its limit and dialling line) */
  calendarId?: number | null
}

/**
 * The call's columns as placeholders, for an insert built once (built-once.ts; callParams gives their values): building
 * an insert with all its columns and its returned row costs Tocsin more than PostgreSQL spends on it (docs/scaling.md).
 * An alarm's attempt inserts its call in the statement that records the attempt (alarms/dispatch/record-attempt.ts).
 */
export const callColumns = {
  organizationId: sql.placeholder('organizationId'),
  userId: sql.placeholder('userId'),
  gatewayId: sql.placeholder('gatewayId'),
  sealedSurveyId: sql.placeholder('sealedSurveyId'),
  toNumber: sql.placeholder('toNumber'),
  fromNumber: sql.placeholder('fromNumber'),
  context: sql.placeholder('context'),
  amdBehavior: sql.placeholder('amdBehavior'),
  ringTimeout: sql.placeholder('ringTimeout'),
  calendarId: sql.placeholder('calendarId'),
}

export const callParams = (input: NewCall) => ({
  organizationId: input.organizationId,
  userId: input.userId,
  gatewayId: input.gatewayId,
  sealedSurveyId: input.sealedSurveyId,
  toNumber: input.to,
  fromNumber: input.from,
  context: input.context,
  amdBehavior: input.amdBehavior,
  ringTimeout: input.ringTimeout,
  calendarId: input.calendarId ?? null,
})

const insertCall = builtOnce((tx) => tx.insert(call).values(callColumns).returning(), 'call_insert')

/** Stores the call and queues its dialling in the caller's transaction. */
export async function createCall(tx: Tx, input: NewCall): Promise<Call> {
  const [row] = await insertCall(tx, callParams(input))
  await addJob(tx, 'dial-call', { callId: row!.id })
  return row!
}
