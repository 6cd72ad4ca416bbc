import { eq, getTableColumns, sql, type Placeholder, type SQL } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import type { AppDeps } from '../deps.js'
import { call, gateway, type Call, type Gateway } from '../db/schema/index.js'
import { addJob, addJobCallBuilt, jobKeySql, jobValues } from '../queue/queue.js'
import { rowFromJson } from '../db/row-from-json.js'
import { CallStatus } from '../codes/call-status.js'
import { isDoNotContact } from './do-not-contact.js'
import { servesOrganization } from '../accounts/sharing.js'
import { wake } from './dial-line.js'
import { claimCommonSlot, claimDialSlot, countsOpenCalls, RETRY_AT, type CalendarLimit, type OnTaken, type SlotDecision } from './limits.js'
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

const ph = sql.placeholder
/** The WITH entry `guard` of a claim: the call's `reconcile-call` job, due `reconcileAfter` seconds after its slot. */
const reconcileGuard = (job: { payload: Placeholder | SQL; key: Placeholder | SQL }) =>
  sql`guard as (select ${addJobCallBuilt('reconcile-call', job, { runAt: sql`took.at + ${ph('reconcileAfter')}::int * interval '1 second'` })} from took)`
/** reconcileGuard's delay: the call's ring time and the grace for its final callback. */
const reconcileAfter = (deps: AppDeps, ringTimeout: number) => ringTimeout + deps.config.callReconcileAfter

// What a claimed slot records (limits.ts OnTaken): the call's dialed_at, and its `reconcile-call` job.
const dialled: OnTaken = {
  name: 'dialled',
  with: sql`dialed as (update call set dialed_at = took.at, updated_at = took.at from took where call.id = ${ph('callId')}::int),
    ${reconcileGuard({ payload: ph('reconcilePayload'), key: ph('reconcileKey') })}`,
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
    values: { callId: row.id, reconcileAfter: reconcileAfter(deps, row.ringTimeout), reconcilePayload: reconcile.payload, reconcileKey: reconcile.key },
  })
  return afterSlot(tx, deps, row, gw, slot)
}

/** What a slot decision leaves to do: a call over a limit waits for its `dial-call` job; one that goes wakes the next. */
async function afterSlot(tx: Tx, deps: AppDeps, row: Call, gw: Gateway, slot: SlotDecision): Promise<Claim> {
  if (!slot.ok) await addJob(tx, 'dial-call', { callId: row.id }, { runAt: slot.retryAt })
  // The call behind this one in its line may go now (or, if no slot is left, waits on as the line's first).
  else if (slot.next !== null) await wake(tx, slot.next)
  return claimOf(deps, row, gw, slot)
}

function claimOf(deps: AppDeps, row: Call, gw: Gateway, slot: SlotDecision): Claim {
  if (!slot.ok) {
    deps.scheduler.deferred.inc({ limit: slot.limit })
    return { kind: 'deferred', retryAt: slot.retryAt }
  }
  return { kind: 'claimed', row: { ...row, dialedAt: slot.at, updatedAt: slot.at }, gw }
}

/**
 * A statement that inserts a call draws its id first, in the WITH entry NEW_CALL (the line, the attempt that names the
 * call and the call's own job need it), and inserts it with insertedCall: the WITH entry `inserted`, the call with
 * `columns` (placeholders, or expressions of the statement) and that id.
 */
export const NEW_CALL = sql`new_call as materialized (select nextval(pg_get_serial_sequence('call', 'id'))::int as id)`
const newCallId = sql`(select id from new_call)`
export function insertedCall(columns: Partial<Record<keyof Call, SQL | Placeholder>>): SQL {
  const table = getTableColumns(call)
  const entries = Object.entries({ ...columns, id: newCallId }) as [keyof Call, SQL | Placeholder][]
  return sql`inserted as (insert into ${call} (${sql.join(entries.map(([key]) => sql.identifier(table[key].name)), sql`, `)})
    values (${sql.join(entries.map(([, value]) => value), sql`, `)}) returning *)`
}

/** A job of `name` for call `id` (an expression of the statement), keyed as jobKeyOf keys it. */
const jobOfCall = (id: SQL) => ({ payload: sql`json_build_object('callId', ${id})::text`, key: (name: 'reconcile-call' | 'dial-call') => jobKeySql(name, id) })

/**
 * The OnTaken of a statement that inserts a call and claims it (claimNewCall), written once by its caller: `name`
 * (its statement's, limits.ts), `before`, the caller's own WITH entries (they may read the call's id from
 * `new_call`), and the call's `columns` (insertedCall). The call is inserted with the slot's instant as its dialed_at
 * (none when it must wait), and its `reconcile-call` job queued if it goes, as claimCall's `dialled` does for a call
 * that exists; what afterSlot would then run rides along too (queuesRetry): the call's `dial-call` job at RETRY_AT
 * when it must wait, the wake of the call behind it when it goes.
 */
export function insertingClaim(name: string, before: SQL, columns: Partial<Record<keyof Call, SQL | Placeholder>>): OnTaken {
  const self = jobOfCall(newCallId)
  const next = jobOfCall(sql`line.next`)
  const dialledNow = { dialedAt: sql`(select at from took)`, updatedAt: sql`coalesce((select at from took), now())` }
  return {
    name,
    before: sql`${NEW_CALL}, ${before}`,
    callId: newCallId,
    with: sql`${insertedCall({ ...columns, ...dialledNow })}, ${reconcileGuard({ payload: self.payload, key: self.key('reconcile-call') })},
      retry as (select ${RETRY_AT} as at from line where not exists (select 1 from took)),
      waits as (select ${addJobCallBuilt('dial-call', { payload: self.payload, key: self.key('dial-call') }, { runAt: sql`retry.at` })} from retry),
      woken as (select ${addJobCallBuilt('dial-call', { payload: next.payload, key: next.key('dial-call') })} from line
        where line.next is not null and exists (select 1 from took))`,
    confirm: 'guard',
    // `queued` is read so that the two jobs' entries run: a SELECT entry runs only if read.
    returns: sql`(select to_jsonb(i) from inserted i) as call, (select at from retry) as retry_at,
      (select count(*) from waits) + (select count(*) from woken) as queued`,
    queuesRetry: true,
  }
}

/**
 * A new call recorded and its dialling claimed in ONE statement (`inserting`: insertingClaim's, with its values) —
 * what claimCall decides for a call that exists, but only where nothing needs another read first: null, and nothing
 * written, for a number on the do-not-contact list, a gateway whose sharing with the call's organization needs its
 * user read (sharing.ts), or a limit that counts open calls (limits.ts). The caller then inserts the call and claims
 * it as two, which decides those. The statement leaves nothing for the transaction to run after it.
 */
export async function claimNewCall(
  tx: Tx, deps: AppDeps, line: Pick<Call, 'organizationId' | 'calendarId' | 'ringTimeout'>, gw: Gateway,
  known: { calendar: CalendarLimit | null; doNotContact: boolean }, inserting: { statement: OnTaken; values: Record<string, unknown> },
): Promise<{ row: Call; claim: Claim } | null> {
  const shared = gw.organizationId === null ? gw.userId === null : gw.organizationId === line.organizationId
  if (known.doNotContact || !shared || countsOpenCalls(known.calendar, gw)) return null
  const { decision, found } = await claimCommonSlot(tx, { gatewayId: gw.id, calendarId: line.calendarId }, gw, {
    statement: inserting.statement, values: { ...inserting.values, reconcileAfter: reconcileAfter(deps, line.ringTimeout) },
  })
  const row = rowFromJson(call, found.call as Record<string, unknown>)!
  return { row, claim: claimOf(deps, row, gw, decision) }
}

/**
 * Asks the provider to place a claimed call (after the claim committed); what a failure means is create-failure.ts's
 * business. Dialling is at-most-once: the call's id is in its webhook URLs, and a call with dialed_at and no SID (a
 * crash between the claim and this, or a create without a clear answer) is looked for at the carrier, adopted if
 * found, and failed if not (reconcile-call.ts) — never dialled again.
 */
export async function placeClaimedCall(deps: AppDeps, { row, gw, throttled = 0 }: ClaimedCall): Promise<DialOutcome> {
  const { config, telephony, logger } = deps
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
    await deps.sidWrites.record(row.id, placed.sid)
    deps.callRows.keep({ call: { ...row, providerSid: placed.sid }, gateway: kept })
    log.info({ sid: placed.sid }, 'call placed')
  } catch (err) {
    await onCreateFailed(deps, row, err, throttled)
  }
  return { kind: 'dialed', at: row.dialedAt! }
}

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
