// The calls this process dialled or served last, kept so that the next callback of the same call needs no read. A
// call's callbacks come one after the other (ringing, the IVR's first prompt, each key pressed): with the row at hand
// each is one guarded statement instead of a read and a write (docs/scaling.md).
//
// What is kept can be out of date — another process may have served the last callback, or a status moved the row —
// so it is used only where being out of date is safe:
// - the signature is checked against the kept gateway, and a miss reads the gateway afresh before refusing (a new
//   token); the write a kept row leads to holds only if the gateway has not changed since (gatewayUnchangedAt), so a
//   request signed with a token replaced since is refused on the row as it is, never acted on;
// - an IVR step writes only if the row's `seq` is still the one kept and the call has not ended (ivr-session.ts
//   tryStepUnlocked); `seq` moves with every step, so the IVR state and the last TwiML it guards are as kept;
// - what never changes (the call's gateway, survey, context, numbers, machine detection) and the SID, set once.
// Work under the row's lock always reads the row afresh, and forgets what was kept.
import { sql, type Placeholder, type SQL } from 'drizzle-orm'
import { call, gateway, type Call, type Gateway } from '../db/schema/index.js'

/** What the provider registry needs of a gateway: to check a signature, and to hang up. */
export type ProviderGateway = Pick<Gateway, 'id' | 'provider' | 'accountSid' | 'authTokenEncrypted' | 'baseUrl' | 'updatedDate'>
export interface KnownCall { call: Call; gateway: ProviderGateway }

/**
 * True while the gateway is as kept: its `updated_date`, which every change of a gateway moves (its token too), is
 * the one read (to the millisecond, a JavaScript Date's precision). The gateway's id and `updated_date` (ISO) as
 * values, placeholders (built-once.ts) or the statement's own expressions.
 */
export const gatewayUnchangedAt = (id: number | Placeholder | SQL, updatedDate: string | Placeholder | SQL): SQL =>
  sql`exists (select 1 from ${gateway} where ${gateway.id} = ${id} and date_trunc('milliseconds', ${gateway.updatedDate}) = ${updatedDate}::timestamptz)`

/**
 * For a guarded write of call `callId` that also records the carrier's SID `sid` (call-callbacks.ts `adopts`): the
 * column to set, and the guard that goes with it — the call has no other SID, and no other call has this one. As values,
 * placeholders (built-once.ts) or the statement's own expressions.
 */
export const sidAdoption = (callId: number | Placeholder | SQL, sid: string | Placeholder | SQL): { set: { providerSid: SQL }; guard: SQL } => ({
  set: { providerSid: sql`coalesce(${call.providerSid}, ${sid}::text)` },
  guard: sql`not exists (select 1 from ${call} c where c.id = ${callId}::int and c.provider_sid <> ${sid}::text)
    and not exists (select 1 from ${call} h where h.provider_sid = ${sid}::text and h.id <> ${callId}::int)`,
})

export const providerGateway = ({ id, provider, accountSid, authTokenEncrypted, baseUrl, updatedDate }: Gateway): ProviderGateway =>
  ({ id, provider, accountSid, authTokenEncrypted, baseUrl, updatedDate })

/** Enough for the calls in flight at once; the oldest is dropped past it. */
const LIMIT = 2_000

export function createCallRows(limit = LIMIT) {
  const rows = new Map<number, KnownCall>()
  return {
    get: (callId: number): KnownCall | undefined => rows.get(callId),
    /**
     * Keeps `known` as the call's latest row (the most recently kept last to go) — unless a later step of the call is
     * kept already (callbacks of one call can be served at once, and a read may end after a step's write). The SID,
     * set once, is kept from whichever knows it.
     */
    keep(known: KnownCall): void {
      const old = rows.get(known.call.id)
      let latest = old && old.call.seq > known.call.seq ? old : known
      const sid = latest.call.providerSid ?? known.call.providerSid ?? old?.call.providerSid ?? null
      if (sid !== latest.call.providerSid) latest = { ...latest, call: { ...latest.call, providerSid: sid } }
      rows.delete(known.call.id)
      rows.set(known.call.id, latest)
      if (rows.size > limit) rows.delete(rows.keys().next().value!)
    },
    /** Keeps it unless something newer is kept already (a callback may beat the dialler's own record). */
    keepIfNew(known: KnownCall): void {
      if (!rows.has(known.call.id)) this.keep(known)
    },
    forget: (callId: number): void => void rows.delete(callId),
    get size() {
      return rows.size
    },
  }
}
export type CallRows = ReturnType<typeof createCallRows>
