import { eq } from 'drizzle-orm'
import { call } from '../../db/schema/index.js'
import type { AppDeps } from '../../deps.js'
import { callOutcome } from './dialer-outcomes.js'
import { settleAttempt } from './settle.js'

/**
 * The `settle-call` job: an ended call's grace period for its last action is over (dialer-outcomes.ts), so its
 * attempt settles on what is known. The call row is locked first, as a late action request locks it, so the two
 * take turns; an attempt the action already settled is left alone (settleAttempt is idempotent).
 */
export function createSettleCall(deps: AppDeps) {
  return async function settleCall({ callId }: { callId: number }): Promise<void> {
    await deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(call).where(eq(call.id, callId)).for('update')
      if (!row || row.alarmRequestId === null) return
      await settleAttempt(tx, deps, row.alarmRequestId, callOutcome(row))
    })
  }
}
