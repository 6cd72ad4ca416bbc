import type { IvrContext } from '../../ivr/index.js'
import { sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { builtOnce } from '../db/built-once.js'
import { call, type Call } from '../db/schema/index.js'
import { addJob } from '../queue/queue.js'

export interface NewCall {
  /** an id drawn from the call sequence beforehand (an alarm attempt names its call before the call exists) */
  id?: number
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
  alarmRequestId?: number | null
  /** the alarm's calendar (its limit and dialling line) */
  calendarId?: number | null
  /** true: the caller claims the dialling in the same transaction (claimCall, which queues `dial-call` only if the
   * call has to wait for a limit), so no `dial-call` job is queued here. */
  claimedByCaller?: boolean
}

// Built once (built-once.ts) and named: every call attempt inserts one, and building this insert with all its columns
// and its returned row cost Tocsin more than PostgreSQL spends on it (docs/scaling.md).
const insertCall = builtOnce((tx) => tx.insert(call).values({
  // An id drawn beforehand, or the sequence's next.
  id: sql`coalesce(${sql.placeholder('id')}::int, nextval(pg_get_serial_sequence('call', 'id')))`,
  organizationId: sql.placeholder('organizationId'),
  userId: sql.placeholder('userId'),
  gatewayId: sql.placeholder('gatewayId'),
  sealedSurveyId: sql.placeholder('sealedSurveyId'),
  toNumber: sql.placeholder('toNumber'),
  fromNumber: sql.placeholder('fromNumber'),
  context: sql.placeholder('context'),
  amdBehavior: sql.placeholder('amdBehavior'),
  ringTimeout: sql.placeholder('ringTimeout'),
  alarmRequestId: sql.placeholder('alarmRequestId'),
  calendarId: sql.placeholder('calendarId'),
}).returning(), 'call_insert')

/** Stores the call and queues its dialling in the caller's transaction. */
export async function createCall(tx: Tx, input: NewCall): Promise<Call> {
  const [row] = await insertCall(tx, {
    id: input.id ?? null,
    organizationId: input.organizationId,
    userId: input.userId,
    gatewayId: input.gatewayId,
    sealedSurveyId: input.sealedSurveyId,
    toNumber: input.to,
    fromNumber: input.from,
    context: input.context,
    amdBehavior: input.amdBehavior,
    ringTimeout: input.ringTimeout,
    alarmRequestId: input.alarmRequestId ?? null,
    calendarId: input.calendarId ?? null,
  })
  if (!input.claimedByCaller) await addJob(tx, 'dial-call', { callId: row!.id })
  return row!
}
