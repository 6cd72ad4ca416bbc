// What a refused text means (dialer/carrier-errors.ts): a rate limit or a full sender queue sends it again later,
// without counting against anything; a permanent refusal ends it at once (21610, the recipient opted out at the
// carrier, also puts the number on the do-not-contact list); anything else is retried by the job, with backoff.
import { eq } from 'drizzle-orm'
import { smsMessage } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { addJob } from '../queue/queue.js'
import { neverSent, toTelephonyError } from '../telephony/telephony-error.js'
import { CARRIER_ERROR_KIND, classifyCarrierError } from './carrier-errors.js'
import { optOut } from './do-not-contact.js'
import { endUnsent } from './send-sms.js'
import { MAX_THROTTLED } from './create-failure.js'

const throttleDelayMs = (n: number) => Math.min(60_000, 2_000 * 2 ** (n - 1)) + Math.floor(Math.random() * 1_000)

export async function onSmsCreateFailed(
  deps: AppDeps, sms: typeof smsMessage.$inferSelect, err: unknown, throttled: number,
): Promise<void> {
  const e = toTelephonyError(err)
  const verdict = classifyCarrierError({ status: e.status, code: e.code, message: e.message, neverSent: neverSent(e) }, { creates: true })
  const log = deps.logger.child({ smsId: sms.id, alarmRequestId: sms.alarmRequestId, status: e.status, code: e.code })
  if (verdict.kind === CARRIER_ERROR_KIND.rateLimited && throttled < MAX_THROTTLED) {
    const runAt = new Date(Date.now() + throttleDelayMs(throttled + 1))
    await deps.db.transaction(async (tx) => {
      await tx.update(smsMessage).set({ error: verdict.detail, updatedAt: new Date() }).where(eq(smsMessage.id, sms.id))
      await addJob(tx, 'send-sms', { smsId: sms.id, throttled: throttled + 1 }, { runAt })
    })
    log.warn({ runAt }, 'the carrier asked for fewer texts: sent again later')
    return
  }
  if (verdict.kind === CARRIER_ERROR_KIND.permanent || verdict.kind === CARRIER_ERROR_KIND.rateLimited) {
    log.warn({ kind: verdict.kind }, 'the carrier refused the text')
    await endUnsent(deps, sms, 'failed', verdict.detail, {
      ...(e.code !== null && { errorCode: String(e.code) }),
      ...(verdict.optOut && {
        alsoInTx: async (tx) => void (await optOut(tx, deps, { organizationId: sms.organizationId, phoneNumber: sms.toNumber, source: 'carrier' })),
      }),
    })
    return
  }
  log.warn({ err: e.message }, 'SMS send failed; will retry')
  await deps.db.update(smsMessage).set({ error: verdict.detail, updatedAt: new Date() }).where(eq(smsMessage.id, sms.id))
  throw e
}
