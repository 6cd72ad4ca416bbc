// The `reconcile-call` job, queued in the same transaction that marks a call dialled: if the call's final status
// callback has not arrived by ring timeout + CALL_RECONCILE_AFTER, the provider is asked (fetchCall) and its answer
// applied like a callback would be. A call that never got a provider SID was lost while dialling (its process died
// between committing dialed_at and hearing back from the provider); it fails, so its attempt is settled and, if
// allowed, retried as a new attempt — the lost one is never dialled again. A call the provider answers 404 for (it
// lost it, e.g. a carrier that restarted) is asked about again until CALL_LOST_AFTER seconds after dialling — a fresh
// call can be briefly unknown to a provider's replicas — and then failed the same way.
import { eq } from 'drizzle-orm'
import { call, gateway } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { addJob } from '../queue/queue.js'
import { callStatusFromTwilio, isFinalCallStatus, type CallStatusCode } from '../codes/call-status.js'
import { TelephonyError } from '../telephony/telephony-error.js'
import { endCall, failCall } from './call-transitions.js'
import type { CallSnapshot } from '../telephony/provider.js'

/** Checks back off from CALL_RECONCILE_AFTER, doubling, to this. */
const MAX_INTERVAL_S = 15 * 60

export function createReconcileCall(deps: AppDeps) {
  const { db, telephony, config, logger } = deps
  return async function reconcileCall({ callId }: { callId: number }): Promise<void> {
    const [row] = await db.select({ call, gateway }).from(call).innerJoin(gateway, eq(gateway.id, call.gatewayId)).where(eq(call.id, callId))
    if (!row || isFinalCallStatus(row.call.callstatus as CallStatusCode)) return
    const c = row.call
    const log = logger.child({ callId, alarmRequestId: c.alarmRequestId, sid: c.providerSid })
    const since = Date.now() - (c.dialedAt ?? c.createdAt).getTime()
    const again = async () => {
      const wait = Math.min(MAX_INTERVAL_S, Math.max(config.callReconcileAfter, Math.round(since / 1000 / 2)))
      await addJob(db, 'reconcile-call', { callId }, { runAt: new Date(Date.now() + wait * 1000) })
    }
    if (!c.providerSid) {
      if (since < (c.ringTimeout + config.callReconcileAfter) * 1000) return again()
      await db.transaction(async (tx) => {
        const [current] = await tx.select().from(call).where(eq(call.id, callId)).for('update')
        if (current && !current.providerSid) {
          log.warn('call lost while dialling: no provider SID was recorded')
          await failCall(tx, deps, current, 'lost while dialling: the provider never confirmed the call')
        }
      })
      return
    }
    const settleLost = (reason: string) => db.transaction(async (tx) => {
      const [current] = await tx.select().from(call).where(eq(call.id, callId)).for('update')
      if (current && !isFinalCallStatus(current.callstatus as CallStatusCode)) {
        log.warn({ reason }, 'call lost by the provider')
        await failCall(tx, deps, current, reason)
      }
    })
    let snapshot: CallSnapshot
    try {
      snapshot = await telephony.voice(row.gateway).fetchCall(c.providerSid)
    } catch (err) {
      if (!(err instanceof TelephonyError && err.status === 404)) throw err
      if (since < config.callLostAfter * 1000) return again()
      return settleLost(`lost: the provider does not know this call (404 when asked how it ended, ${Math.round(since / 1000)} s after dialling)`)
    }
    if (!isFinalCallStatus(callStatusFromTwilio(snapshot.status))) return again()
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(call).where(eq(call.id, callId)).for('update')
      if (!current) return
      const changed = await endCall(tx, deps, current, {
        status: snapshot.status,
        duration: snapshot.duration ?? 0,
        ...(snapshot.answeredBy && { answeredBy: snapshot.answeredBy }),
      })
      if (changed) log.warn({ status: snapshot.status }, 'final call status reconciled from the provider (its callback never arrived)')
    })
  }
}
