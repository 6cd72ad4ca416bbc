// One starter per alarm method: it checks what its method needs, records the attempt (alarm_request inserted, the alarm
// in process: record-attempt.ts) and starts that method's work in the same transaction — or says why it cannot (a
// configuration failure: the attempt is recorded and settled as failed, and not retried).
import type { Logger } from 'pino'
import type { Tx } from '../../db/client.js'
import { ALARM_METHOD, type Alarm, type AttemptReason, type Call, type Event } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import type { Claim } from '../../dialer/dial-call.js'
import type { NewCall } from '../../dialer/create-call.js'
import type { AlarmOwner } from '../owner.js'
import type { AttemptContext } from './attempt-context.js'
import type { CallClaimOf } from './record-attempt.js'
import { startCall } from './start-call.js'
import { startEmail } from './start-email.js'
import { startSms } from './start-sms.js'

export interface AttemptStart {
  tx: Tx
  deps: AppDeps
  /** the alarm as it is now: in process, num_attempt counting this attempt */
  alarm: Alarm
  event: Event
  owner: AlarmOwner
  context: AttemptContext
  /** records the attempt, once the starter knows it can start: its alarm_request's id */
  record(): Promise<{ id: number }>
  /** the same for a call attempt, with its call, and claims the call's dialling (record-attempt.ts) */
  recordCall(call: NewCall, claimOf: CallClaimOf): Promise<{ call: Call; claim: Claim }>
  now: Date
  log: Logger
}

export type StartResult =
  /** a call: created, and its dialling claimed (or deferred for a limit) in this transaction */
  | { kind: 'call'; claim: Claim; callId: number }
  /** an SMS or an e-mail: queued, sent after commit */
  | { kind: 'queued' }
  /** an ATTEMPT_REASON code and its detail (failure-reason.ts) */
  | { kind: 'failed'; code: AttemptReason; reason: string }

export type Starter = (start: AttemptStart) => Promise<StartResult>

const STARTERS: Record<number, Starter> = {
  [ALARM_METHOD.call]: startCall,
  [ALARM_METHOD.sms]: startSms,
  [ALARM_METHOD.email]: startEmail,
}

/** The starter of the alarm's method (an unknown method is a call, as the alarm API's default). */
export const starterOf = (method: number): Starter => STARTERS[method] ?? startCall
