// The `reconcile-call` job, queued in the same transaction that marks a call dialled: if the call's final status
// callback has not arrived by ring timeout + CALL_RECONCILE_AFTER, the provider is asked (fetchCall) and its answer
// applied like a callback would be. A call with no provider SID — its create got no clear answer, or its process
// died between committing dialed_at and hearing back — may or may not have been placed: it is looked for in the
// carrier's call list (find-placed-call.ts) and adopted if there, and only failed, as not placed, once it has not
// shown up by the same deadline. Its attempt is then settled and, if allowed, retried as a new attempt; the call
// itself is never dialled again, and should it still turn up its voice request ends it politely (ivr-session.ts).
// A call the provider answers 404 for (it lost it, e.g. a carrier that restarted) is asked about again until
// CALL_LOST_AFTER seconds after dialling — a fresh call can be briefly unknown to a provider's replicas — and then
// failed the same way.
import { eq } from 'drizzle-orm'
import { call, gateway } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { addJob } from '../queue/queue.js'
import { callStatusFromTwilio, isFinalCallStatus, type CallStatusCode } from '../codes/call-status.js'
import { TelephonyError } from '../telephony/telephony-error.js'
import { endCall, failCall } from './call-transitions.js'
import { adoptCall, findPlacedCall } from './find-placed-call.js'
import type { CallSnapshot } from '../telephony/provider.js'

/** Checks back off from CALL_RECONCILE_AFTER, doubling, to this. */
const MAX_INTERVAL_S = 15 * 60
/** While a call's fate is unknown it is looked for at least this often. */
const LOOK_INTERVAL_S = 2

/** How a call that never showed up at the carrier is failed (its attempt's reason reads it: not-placed). */
export const NOT_PLACED = 'not placed'

export function createReconcileCall(deps: AppDeps) {
  const { db, telephony, config, logger } = deps
  return async function reconcileCall({ callId }: { callId: number }): Promise<void> {
    const [row] = await db.select({ call, gateway }).from(call).innerJoin(gateway, eq(gateway.id, call.gatewayId)).where(eq(call.id, callId))
    if (!row || isFinalCallStatus(row.call.callstatus as CallStatusCode)) return
    const c = row.call
    const log = logger.child({ callId, alarmRequestId: c.alarmRequestId, sid: c.providerSid })
    const provider = telephony.voice(row.gateway)
    const since = Date.now() - (c.dialedAt ?? c.createdAt).getTime()
    const checkIn = (seconds: number) => addJob(db, 'reconcile-call', { callId }, { runAt: new Date(Date.now() + seconds * 1000) })
    let sid = c.providerSid
    if (!sid) {
      const found = await findPlacedCall(deps, provider, c)
      if (found) sid = await adoptCall(deps, c.id, found.sid, log)
    }
    if (!sid) {
      const deadline = (c.dialedAt ?? c.createdAt).getTime() + (c.ringTimeout + config.callReconcileAfter) * 1000
      if (Date.now() < deadline) {
        return checkIn(Math.max(LOOK_INTERVAL_S, Math.min(Math.round(since / 1000 / 2), Math.ceil((deadline - Date.now()) / 1000))))
      }
      await db.transaction(async (tx) => {
        const [current] = await tx.select().from(call).where(eq(call.id, callId)).for('update')
        if (current && !current.providerSid && !isFinalCallStatus(current.callstatus as CallStatusCode)) {
          log.warn('call not placed: no provider SID was recorded and the carrier never listed it')
          await failCall(tx, deps, current, `${NOT_PLACED}: the carrier never confirmed the call and does not list it`)
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
    const later = () => checkIn(Math.min(MAX_INTERVAL_S, Math.max(config.callReconcileAfter, Math.round(since / 1000 / 2))))
    let snapshot: CallSnapshot
    try {
      snapshot = await provider.fetchCall(sid)
    } catch (err) {
      if (!(err instanceof TelephonyError && err.status === 404)) throw err
      if (since < config.callLostAfter * 1000) return later()
      return settleLost(`lost: the provider does not know this call (404 when asked how it ended, ${Math.round(since / 1000)} s after dialling)`)
    }
    if (!isFinalCallStatus(callStatusFromTwilio(snapshot.status))) return later()
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
