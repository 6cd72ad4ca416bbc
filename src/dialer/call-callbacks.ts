// What the provider's voice callbacks do to a call, behind the routes (src/routes/twilio/call-webhooks.ts): every
// callback names its call and is signed by the call's gateway; the row is read once for both, locked, so the work
// sees it as no other callback can change it — or, for work that is one guarded statement, taken as this process
// last saw it (call-rows.ts) and not read at all.
import { eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { builtOnce } from '../db/built-once.js'
import { call, gateway, type Call } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { callStatusFromTwilio, CallStatus, isFinalCallStatus } from '../codes/call-status.js'
import type { TelephonyProvider } from '../telephony/provider.js'
import type { KnownCall, ProviderGateway } from './call-rows.js'
import { endCall, endKeptCall, type StatusReport } from './call-transitions.js'
import { ADVANCE } from './progress-writes.js'
import { machineRefused } from '../codes/amd-behavior.js'
import type { IvrSessions, VoiceRequest } from './ivr-session.js'

export const REFUSED = Symbol('refused')
export type Refused = typeof REFUSED

/** Who a callback claims to be: the call it names, the SID it carries, and a check of its signature. */
export interface CallbackOrigin {
  callId: number
  sid: string | undefined
  signedBy(provider: TelephonyProvider): boolean
}
/** `adopt`: the SID the work's statement is to record (the `adopts` option), when the call has none yet. */
export type SignedCall = { tx: Tx; row: Call; gateway: ProviderGateway; provider: TelephonyProvider; adopt?: string }
type CallbackDeps = Pick<AppDeps, 'db' | 'telephony' | 'outcomes' | 'logger' | 'callRows' | 'progressWrites' | 'callEnds'>

// What the provider registry needs of a gateway (to check signatures and hang up), and no more.
const providerColumns = {
  id: gateway.id, provider: gateway.provider, accountSid: gateway.accountSid, authTokenEncrypted: gateway.authTokenEncrypted,
  baseUrl: gateway.baseUrl, updatedDate: gateway.updatedDate,
}

const callWithGateway = (tx: Tx) =>
  tx.select({ call, gateway: providerColumns }).from(call).innerJoin(gateway, eq(gateway.id, call.gatewayId))

const lockedRead = builtOnce((tx) => callWithGateway(tx).where(eq(call.id, sql.placeholder('id'))).for('update', { of: call }), 'callback_call_locked')

// The unlocked read is most of the callbacks' reads: a named statement, built once per database handle, spares
// drizzle the query building and PostgreSQL the parsing and planning on every callback.
const unlockedReads = new WeakMap<Db, ReturnType<typeof prepareUnlockedRead>>()
const prepareUnlockedRead = (db: Db) =>
  callWithGateway(db).where(eq(call.id, sql.placeholder('id'))).prepare('callback_call_with_gateway')
function unlockedRead(db: Db) {
  let read = unlockedReads.get(db)
  if (!read) {
    read = prepareUnlockedRead(db)
    unlockedReads.set(db, read)
  }
  return read
}

/**
 * Runs `work` on the call the callback names, locked, once its signature checks out against the call's gateway.
 * `lock: false` is for work that is a single guarded statement, without a transaction. `kept: true` (with `lock:
 * false`) takes the row as this process last saw it, when it has it, instead of reading it (call-rows.ts): `work`'s
 * statement must then hold only while the row and the gateway are as given (seq, gatewayUnchangedAt). `adopts: true`
 * (with `lock: false`): a SID the call does not have yet is given to `work` (`adopt`) for its own statement to record
 * (with its guard: call-rows.ts sidAdoption), rather than recorded by a statement of its own here.
 */
export function withSignedCall<T>(
  deps: CallbackDeps, origin: CallbackOrigin, work: (signed: SignedCall) => Promise<T>, { lock = true, kept: useKept = false, adopts = false } = {},
): Promise<T | Refused> {
  const run = async (tx: Tx) => {
    const kept = lock || !useKept ? undefined : deps.callRows.get(origin.callId)
    let found = kept
    let provider = found && deps.telephony.voice(found.gateway)
    if (!found || !provider || !origin.signedBy(provider)) {
      // Not kept, or not signed by the kept gateway (whose token may have changed since): the row as it is now.
      const [read] = lock ? await lockedRead(tx, { id: origin.callId }) : await unlockedRead(deps.db).execute({ id: origin.callId })
      if (!read) return REFUSED
      found = read
      provider = deps.telephony.voice(read.gateway)
      if (!origin.signedBy(provider)) return REFUSED
    }
    // Locked work changes the row in ways not followed here: the next callback reads it afresh.
    if (lock) deps.callRows.forget(origin.callId)
    else if (found !== kept) deps.callRows.keep(found)
    if (origin.sid && found.call.providerSid && origin.sid !== found.call.providerSid) return REFUSED
    let row = found.call
    // One statement fewer: the work's guarded write records it, and writes nothing if another call has it (its caller
    // then runs it again without `adopts`, and the adoption below refuses it).
    if (origin.sid && !row.providerSid && adopts && !lock) return work({ tx, row, gateway: found.gateway, provider, adopt: origin.sid })
    if (origin.sid && !row.providerSid) {
      // The carrier placed the call although its create had no clear answer (yet): its URL names the call, so this is
      // it. The row read or kept may only predate the create's answer, which then recorded the SID already.
      const adopted = await adoptSid(tx, row, origin.sid)
      if (adopted === null) return REFUSED
      if (adopted) deps.logger.warn({ callId: row.id, alarmRequestId: row.alarmRequestId, sid: origin.sid }, 'call adopted from its first webhook (its create had no clear answer)')
      row = { ...row, providerSid: origin.sid }
      if (!lock) deps.callRows.keep({ call: row, gateway: found.gateway })
    }
    return work({ tx, row, gateway: found.gateway, provider })
  }
  return lock ? deps.db.transaction(run) : run(deps.db)
}

/** The call as kept (call-rows.ts), if the callback names its SID and is signed by its gateway as kept. */
function keptAndSigned(deps: CallbackDeps, origin: CallbackOrigin): KnownCall | undefined {
  const kept = deps.callRows.get(origin.callId)
  if (!kept || origin.sid === undefined || origin.sid !== kept.call.providerSid) return undefined
  const provider = deps.telephony.voice(kept.gateway)
  return provider && origin.signedBy(provider) ? kept : undefined
}

/**
 * Records the SID a signed webhook carries for a call that had none when read: true if this recorded it, false if the
 * call has it already, null when another call has it.
 */
async function adoptSid(tx: Tx, row: Call, sid: string): Promise<boolean | null> {
  // One statement: who has the SID already, and the SID recorded on this call if nobody has it (the carrier's answer to
  // the create usually records it meanwhile; then `holder` is this call).
  const result = await tx.execute(sql`with holder as (select id from call where provider_sid = ${sid}),
      adopted as (update call set provider_sid = ${sid} where id = ${row.id} and provider_sid is null
        and not exists (select 1 from holder) returning id)
    select (select id from holder limit 1) as holder, (select count(*) from adopted) as adopted`)
  const found = result.rows[0] as { holder: number | string | null; adopted: number | string }
  if (found.holder !== null && Number(found.holder) !== row.id) return null
  return Number(found.adopted) === 1
}

/**
 * A status callback (REFUSED when it is not the call's gateway's). A final status ends the call, and what listens
 * settles in the same transaction (endCall); progress needs no lock.
 */
export async function reportCallStatus(deps: CallbackDeps, origin: CallbackOrigin, report: StatusReport): Promise<Refused | null> {
  const code = callStatusFromTwilio(report.status)
  if (code === CallStatus.none || isFinalCallStatus(code)) {
    // On the row as kept, when the report is signed by the kept gateway and names the kept SID: no read (endKeptCall),
    // in a transaction shared with the other calls ending meanwhile (deps.callEnds).
    const kept = code !== CallStatus.none && keptAndSigned(deps, origin)
    if (kept && await deps.callEnds.run(kept.call.id, (tx) => endKeptCall(tx, deps, kept.call, kept.gateway, report))) {
      deps.callRows.forget(origin.callId)
      return null
    }
    const ended = await withSignedCall(deps, origin, ({ tx, row }) => endCall(tx, deps, row, report))
    return ended === REFUSED ? REFUSED : null
  }
  const advance = (kept: boolean) => withSignedCall(deps, origin, async ({ row, gateway, adopt }) => {
    const advanced = await deps.progressWrites.advance(row.id, report, gateway, adopt)
    if (advanced === ADVANCE.moved && adopt) deps.callRows.keep({ call: { ...row, providerSid: adopt }, gateway })
    return advanced
  }, { lock: false, kept, adopts: true })
  // The kept gateway changed since it was kept: the report is judged again on the gateway as it is now.
  const first = await advance(true)
  const done = first === ADVANCE.gatewayChanged ? await advance(false) : first
  // The SID it carries is not free for this call (another call has it, or this one another): the report goes the way
  // without adoption in its statement, which refuses it.
  const settled = done === ADVANCE.sidNotFree
    ? await withSignedCall(deps, origin, ({ row, gateway }) => deps.progressWrites.advance(row.id, report, gateway), { lock: false })
    : done
  return settled === REFUSED ? REFUSED : null
}

/** An asynchronous AMD verdict: stored; a machine on a human-only call is hung up at once (after commit). */
export async function reportAmdVerdict(deps: CallbackDeps, origin: CallbackOrigin, answeredBy: string | undefined): Promise<Refused | null> {
  const found = await withSignedCall(deps, origin, async ({ tx, row, provider }) => {
    if (answeredBy) await tx.update(call).set({ answeredBy, updatedAt: new Date() }).where(eq(call.id, row.id))
    return { row, provider }
  })
  if (found === REFUSED) return REFUSED
  if (machineRefused(found.row.amdBehavior, answeredBy) && found.row.providerSid) await found.provider.hangup(found.row.providerSid)
  return null
}

/**
 * An IVR request (voice, gather, recording) of a signed call: most steps are one guarded write without a transaction,
 * on the row as kept from the call's last callback or else read (ivr-session.ts tryStepUnlocked); the others — and a
 * step whose row or gateway moved in between — run under the call's row lock, on the row as it is.
 */
export async function runSignedStep(
  deps: CallbackDeps, sessions: IvrSessions, origin: CallbackOrigin, request: VoiceRequest,
): Promise<string | Refused> {
  const quick = await withSignedCall(deps, origin, async ({ tx, row, gateway, adopt }) => {
    const stepped = await sessions.tryStepUnlocked(tx, row, gateway, request, adopt)
    if (stepped) deps.callRows.keep({ call: stepped.row, gateway })
    return stepped?.twiml ?? null
  }, { lock: false, kept: true, adopts: true })
  if (quick !== null) return quick
  return withSignedCall(deps, origin, ({ tx, row }) => sessions.runStep(tx, row, request))
}
