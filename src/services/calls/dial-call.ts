import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../deps.js'
import { call, gateway, type Call } from '../../db/schema/index.js'
import { addJob } from '../../jobs/queue.js'
import { CallStatus } from '../../telephony/callstatus.js'
import { isDoNotContact } from '../do-not-contact.js'
import { claimDialSlot } from '../scheduler/limits.js'
import { finishCall } from './call-status.js'
import { callUrls } from './urls.js'

const AMD_MODE = { 1: 'Enable', 2: 'Enable', 3: 'DetectMessageEnd' } as const

/** What one dialling attempt did: placed the call (or the provider refused it), deferred it for a limit, or nothing. */
export type DialOutcome = { kind: 'dialed'; at: Date } | { kind: 'deferred'; retryAt: Date } | { kind: 'skipped' }

/**
 * Dialling is at-most-once: `dialed_at` is committed before the provider is asked, so a job retried after a crash
 * never dials the same call again (the reconciler settles such calls from the provider instead). Calls over a
 * calendar or gateway limit (scheduler/limits.ts) wait: the `dial-call` job is re-queued for when a slot may be free.
 */
export function createDialer(deps: AppDeps) {
  const { db, config, telephony, logger } = deps

  return async function dial(callId: number): Promise<DialOutcome> {
    const claimed = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(call).where(eq(call.id, callId)).for('update')
      if (!row || row.dialedAt || row.callstatus !== CallStatus.queued) return null
      if (await isDoNotContact(tx, row.organizationId, row.toNumber)) {
        await finishCall(tx, row, { status: 'failed', error: 'do-not-contact: this number asked not to be called' })
        return null
      }
      const [gw] = await tx.select().from(gateway).where(eq(gateway.id, row.gatewayId))
      const slot = await claimDialSlot(tx, row, gw!)
      if (!slot.ok) {
        deps.scheduler.deferred.inc({ limit: slot.limit })
        await addJob(tx, 'dial-call', { callId }, { jobKey: `dial-call:${callId}`, runAt: slot.retryAt, maxAttempts: 5 })
        return { kind: 'deferred' as const, retryAt: slot.retryAt }
      }
      const now = new Date()
      const [dialed] = await tx.update(call).set({ dialedAt: now, updatedAt: now })
        .where(eq(call.id, callId)).returning()
      // Whatever happens next (a crash, a lost callback), this asks the provider how the call ended.
      await addJob(tx, 'reconcile-call', { callId }, {
        jobKey: `reconcile-call:${callId}`,
        runAt: new Date(now.getTime() + (row.ringTimeout + config.callReconcileAfter) * 1000),
        maxAttempts: 10,
      })
      return { kind: 'claimed' as const, row: dialed!, gw: gw! }
    })
    if (!claimed) return { kind: 'skipped' }
    if (claimed.kind === 'deferred') return claimed
    const { row, gw } = claimed
    const log = logger.child({ callId, alarmRequestId: row.alarmRequestId })
    try {
      const urls = callUrls(config.publicUrl, callId)
      const amd = row.amdBehavior === null ? undefined : AMD_MODE[row.amdBehavior as 1 | 2 | 3]
      const placed = await telephony.voice(gw).placeCall({
        to: row.toNumber,
        from: row.fromNumber,
        voiceUrl: urls.voice,
        statusCallbackUrl: urls.status,
        timeoutSeconds: row.ringTimeout,
        ...(amd && { machineDetection: amd }),
      })
      await db.update(call).set({ providerSid: placed.sid, updatedAt: new Date() }).where(eq(call.id, callId))
      log.info({ sid: placed.sid }, 'call placed')
    } catch (err) {
      log.warn({ err }, 'the provider refused the call')
      await db.transaction(async (tx) => {
        const [current] = await tx.select().from(call).where(eq(call.id, callId)).for('update')
        await finishCall(tx, current as Call, { status: 'failed', error: `provider: ${(err as Error).message}` })
      })
    }
    return { kind: 'dialed', at: row.dialedAt! }
  }
}

/** The `dial-call` job. */
export function createDialCall(deps: AppDeps) {
  const dial = createDialer(deps)
  return async function dialCall({ callId }: { callId: number }): Promise<void> {
    await dial(callId)
  }
}
