// What a call create that did not succeed means (dialer/carrier-errors.ts): a rate limit puts the call back in its
// line, not counted as an attempt; no clear answer (a 5xx, a timeout, a cut connection) leaves the call dialled and
// asks the carrier what happened (reconcile-call.ts) before anything is dialled again, since the carrier may well
// have placed it; a permanent refusal fails the call, its attempt not retried; anything else fails it as a busy line
// would.
import { and, eq, isNull } from 'drizzle-orm'
import { call, type Call } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { addJob, removeJob } from '../queue/queue.js'
import { neverSent, toTelephonyError } from '../telephony/telephony-error.js'
import { CallStatus } from '../codes/call-status.js'
import { CARRIER_ERROR_KIND, classifyCarrierError } from './carrier-errors.js'
import { failCall } from './call-transitions.js'
import { wakeAfterCallEnded } from './dial-line.js'

/** Rate-limited this many times in a row, the call fails as an attempt after all (about four minutes of waiting). */
export const MAX_THROTTLED = 8
/** The first look at the carrier's call list after a create without a clear answer. */
export const FIRST_LOOK_MS = 3_000

const throttleDelayMs = (n: number) => Math.min(60_000, 2_000 * 2 ** (n - 1)) + Math.floor(Math.random() * 1_000)

export async function onCreateFailed(deps: AppDeps, row: Call, err: unknown, throttled: number): Promise<void> {
  const { db, logger } = deps
  const e = toTelephonyError(err)
  const verdict = classifyCarrierError({ status: e.status, code: e.code, message: e.message, neverSent: neverSent(e) }, { creates: true })
  const log = logger.child({ callId: row.id, alarmRequestId: row.alarmRequestId, status: e.status, code: e.code })

  if (verdict.kind === CARRIER_ERROR_KIND.rateLimited && throttled < MAX_THROTTLED) {
    const runAt = new Date(Date.now() + throttleDelayMs(throttled + 1))
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(call).where(eq(call.id, row.id)).for('update')
      if (!current || current.providerSid || current.callstatus !== CallStatus.queued || !current.dialedAt) return
      // Not processed by the carrier: back in its line, as if never claimed (its slot freed for the calls behind it).
      await tx.update(call).set({ dialedAt: null, updatedAt: new Date() }).where(eq(call.id, row.id))
      await removeJob(tx, 'reconcile-call', row.id)
      await wakeAfterCallEnded(tx, current)
      await addJob(tx, 'dial-call', { callId: row.id, throttled: throttled + 1 }, { runAt })
    })
    log.warn({ runAt, throttled: throttled + 1 }, 'the carrier asked for fewer requests: the call waits and is dialled again (not an attempt)')
    return
  }

  if (verdict.kind === CARRIER_ERROR_KIND.ambiguous) {
    await db.transaction(async (tx) => {
      await tx.update(call).set({ error: `no clear answer to the create: ${verdict.detail}`, updatedAt: new Date() })
        .where(and(eq(call.id, row.id), isNull(call.providerSid)))
      await addJob(tx, 'reconcile-call', { callId: row.id }, { runAt: new Date(Date.now() + FIRST_LOOK_MS) })
    })
    log.warn('no clear answer to the create: the call may be placed; the carrier is asked before anything is dialled again')
    return
  }

  if (e.code === 21210) {
    // Every call from this caller ID fails the same way: say so loudly, once per call, with what to fix.
    log.error({ from: row.fromNumber, gatewayId: row.gatewayId }, 'the carrier refuses this caller ID (not verified for the account): fix the calendar setting or gateway caller ID')
  } else {
    log.warn({ kind: verdict.kind }, 'the carrier refused the call')
  }
  // The call keeps the provider's own words (its attempt's reason reads the code: dialer-outcomes.ts).
  const detail = `provider: ${verdict.kind === CARRIER_ERROR_KIND.rateLimited ? `rate-limited ${throttled + 1} times: ` : ''}${e.message}`
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(call).where(eq(call.id, row.id)).for('update')
    if (current) await failCall(tx, deps, current, detail, e.code)
  })
}
