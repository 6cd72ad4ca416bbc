import type { Tx } from '../db/client.js'
import type { Call } from '../db/schema/index.js'

/**
 * How the dialer reports that a call or a text ended, without knowing who cares: the alarms layer listens (its
 * attempt is settled: alarms/settle/dialer-outcomes.ts), wired once in createDeps (src/app.ts). Each hook runs in the
 * transaction that recorded the end, so the end and what it means commit together, or not at all.
 */
export interface DialerOutcomes {
  /** a call reached its final status; `call` is the updated row, still locked */
  callEnded(tx: Tx, call: Call): Promise<void>
  /** an sms_message reached a final status (status callback, carrier answer, do-not-contact block, no gateway) */
  smsEnded(tx: Tx, sms: { id: number; alarmRequestId: number | null }): Promise<void>
}
