import type { IvrContext } from '../../../ivr/index.js'
import type { Tx } from '../../db/client.js'
import { call, type Call } from '../../db/schema/index.js'
import { addJob } from '../../jobs/queue.js'

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
  alarmRequestId?: number | null
  /** When the queued `dial-call` job runs (default now). The alarm scheduler dials at once itself and leaves the job
   * as a safety net a few seconds later, in case this process dies before dialling. */
  dialAt?: Date
}

/** Stores the call and queues its dialling in the caller's transaction. */
export async function createCall(tx: Tx, input: NewCall): Promise<Call> {
  const [row] = await tx.insert(call).values({
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
  }).returning()
  await addJob(tx, 'dial-call', { callId: row!.id }, {
    jobKey: `dial-call:${row!.id}`, maxAttempts: 5, ...(input.dialAt && { runAt: input.dialAt }),
  })
  return row!
}
