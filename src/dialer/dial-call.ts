import { eq, sql } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { builtOnceSql } from '../db/built-once.js'
import type { AppDeps } from '../deps.js'
import { call, gateway, type Call, type Gateway } from '../db/schema/index.js'
import { addJob, addJobCallBuilt, jobValues } from '../queue/queue.js'
import { CallStatus } from '../codes/call-status.js'
import { isDoNotContact } from './do-not-contact.js'
import { servesOrganization } from '../accounts/sharing.js'
import { wake } from './dial-line.js'
import { claimDialSlot, type CalendarLimit, type OnTaken } from './limits.js'
import { failCall } from './call-transitions.js'
import { onCreateFailed } from './create-failure.js'
import { callUrls } from './urls.js'
import { providerGateway } from './call-rows.js'
import { twilioMachineDetection } from '../codes/amd-behavior.js'

/**
 * A call whose dialling is committed (dialed_at set): it must now be placed with its provider, once. `throttled`: how
 * often the carrier has already asked for fewer requests for it (create-failure.ts).
 */
export type ClaimedCall = { kind: 'claimed'; row: Call; gw: Gateway; throttled?: number }
export type Claim = ClaimedCall | { kind: 'deferred'; retryAt: Date } | { kind: 'skipped' }
/** What one dialling attempt did: placed the call (or the provider refused it), deferred it for a limit, or nothing. */
export type DialOutcome = { kind: 'dialed'; at: Date } | { kind: 'deferred'; retryAt: Date } | { kind: 'skipped' }

// What a claimed slot records (limits.ts OnTaken): the call's dialed_at, and its `reconcile-call` job.
const ph = sql.placeholder
const dialled: OnTaken = {
  with: sql`dialed as (update call set dialed_at = took.at, updated_at = took.at from took where call.id = ${ph('callId')}::int),
    guard as (select ${addJobCallBuilt('reconcile-call', { payload: ph('reconcilePayload'), key: ph('reconcileKey') },
      { runAt: sql`took.at + ${ph('reconcileAfter')}::int * interval '1 second'` })} from took)`,
  confirm: 'guard',
}

/**
 * Claims the right to dial a locked, queued call in the caller's transaction: not on the do-not-contact list (checked
 * at every try, as a number may opt out while its call waits; `doNotContact` when the caller has read it already),
 * its turn in its dialling line, within the calendar's and gateway's limits (limits.ts) — else the
 * `dial-call` job is re-queued for when it may go (the call waits; it is not failed). On success `dialed_at` is set,
 * so once this commits nobody dials the call again, and the `reconcile-call` job that settles it if its final
 * callback never comes is queued.
 */
export async function claimCall(
  tx: Tx, deps: AppDeps, row: Call, gw: Gateway, known: { calendar?: CalendarLimit | null; doNotContact?: boolean } = {},
): Promise<Claim> {
  if (row.dialedAt || row.callstatus !== CallStatus.queued) return { kind: 'skipped' }
  // Whoever chose the gateway was checked then; this is where it is used, for every kind of call (README).
  if (!(await servesOrganization(tx, gw, row.organizationId))) {
    await failCall(tx, deps, row, `gateway ${gw.id} is not shared with this call's organization`)
    return { kind: 'skipped' }
  }
  if (known.doNotContact ?? (await isDoNotContact(tx, row.organizationId, row.toNumber))) {
    await failCall(tx, deps, row, 'do-not-contact: this number asked not to be called')
    return { kind: 'skipped' }
  }
  // The claim and its guard in the statement that takes the slot: dialed_at, and the reconcile-call job.
  const reconcile = jobValues('reconcile-call', { callId: row.id })
  const slot = await claimDialSlot(tx, row, gw, known.calendar, {
    statement: dialled,
    values: { callId: row.id, reconcileAfter: row.ringTimeout + deps.config.callReconcileAfter, reconcilePayload: reconcile.payload, reconcileKey: reconcile.key },
  })
  if (!slot.ok) {
    deps.scheduler.deferred.inc({ limit: slot.limit })
    await addJob(tx, 'dial-call', { callId: row.id }, { runAt: slot.retryAt })
    return { kind: 'deferred', retryAt: slot.retryAt }
  }
  const now = slot.at
  // The call behind this one in its line may go now (or, if no slot is left, waits on as the line's first).
  if (slot.next !== null) await wake(tx, slot.next)
  return { kind: 'claimed', row: { ...row, dialedAt: now, updatedAt: now }, gw }
}

/**
 * Asks the provider to place a claimed call (after the claim committed); what a failure means is create-failure.ts's
 * business. Dialling is at-most-once: the call's id is in its webhook URLs, and a call with dialed_at and no SID (a
 * crash between the claim and this, or a create without a clear answer) is looked for at the carrier, adopted if
 * found, and failed if not (reconcile-call.ts) — never dialled again.
 */
export async function placeClaimedCall(deps: AppDeps, { row, gw, throttled = 0 }: ClaimedCall): Promise<DialOutcome> {
  const { db, config, telephony, logger } = deps
  const log = logger.child({ callId: row.id, alarmRequestId: row.alarmRequestId })
  try {
    // Its callbacks come to this process too, in a single deployment: they need not read the row (call-rows.ts).
    const kept = providerGateway(gw)
    deps.callRows.keepIfNew({ call: row, gateway: kept })
    const urls = callUrls(config.publicUrl, row.id)
    const amd = twilioMachineDetection(row.amdBehavior)
    const placed = await telephony.voice(gw).placeCall({
      to: row.toNumber,
      from: row.fromNumber,
      voiceUrl: urls.voice,
      statusCallbackUrl: urls.status,
      timeoutSeconds: row.ringTimeout,
      ...(amd && { machineDetection: amd }),
    })
    // A webhook may have recorded the SID already (its URL names the call); the carrier's answer agrees.
    await recordSid(db, { id: row.id, sid: placed.sid, now: new Date().toISOString() })
    deps.callRows.keep({ call: { ...row, providerSid: placed.sid }, gateway: kept })
    log.info({ sid: placed.sid }, 'call placed')
  } catch (err) {
    await onCreateFailed(deps, row, err, throttled)
  }
  return { kind: 'dialed', at: row.dialedAt! }
}

const recordSid = builtOnceSql(() => sql`update ${call} set provider_sid = ${sql.placeholder('sid')}::text,
  updated_at = ${sql.placeholder('now')}::timestamptz where ${call.id} = ${sql.placeholder('id')}::int and ${call.providerSid} is null`, 'call_sid')

/** Claims and places one call by id. */
export function createDialer(deps: AppDeps) {
  return async function dial(callId: number, throttled = 0): Promise<DialOutcome> {
    const claim = await deps.db.transaction(async (tx): Promise<Claim> => {
      const [row] = await tx.select().from(call).where(eq(call.id, callId)).for('update')
      if (!row) return { kind: 'skipped' }
      const [gw] = await tx.select().from(gateway).where(eq(gateway.id, row.gatewayId))
      return claimCall(tx, deps, row, gw!)
    })
    return claim.kind === 'claimed' ? placeClaimedCall(deps, { ...claim, throttled }) : claim
  }
}

/** The `dial-call` job. */
export function createDialCall(deps: AppDeps) {
  const dial = createDialer(deps)
  return async function dialCall({ callId, throttled }: { callId: number; throttled?: number }): Promise<void> {
    await dial(callId, throttled ?? 0)
  }
}
