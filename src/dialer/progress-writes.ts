// A call's progress reports (ringing, in progress) from status callbacks that need no lock: one guarded update moves
// the call forward, which is all applyCallStatus would do for a status that is not final (a final status is never
// overwritten by it). Like the carrier's SIDs (sid-writes.ts), reports that come within LINGER_MS of the last write go
// together in ONE statement (kit/batches.ts): the carrier needs nothing from the answer but its 200, and a call's
// voice webhook, which does answer the callee, never waits on them.
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { builtOnceSql } from '../db/built-once.js'
import { call } from '../db/schema/index.js'
import { createBatches } from '../kit/batches.js'
import { callStatusFromTwilio, CallStatus, isFinalCallStatus } from '../codes/call-status.js'
import { gatewayUnchangedAt, sidAdoption, type ProviderGateway } from './call-rows.js'
import type { StatusReport } from './call-transitions.js'

/** The most reports one statement writes. */
const MAX_BATCH = 500

/** What a progress report did. */
export const ADVANCE = {
  /** the call moved forward (and recorded the SID, if it was to) */
  moved: 'moved',
  /** nothing to do: the call is at this status or past it */
  unchanged: 'unchanged',
  /** nothing written: the gateway changed since it was read */
  gatewayChanged: 'gateway-changed',
  /** nothing written: the SID to record is another call's, or the call has another */
  sidNotFree: 'sid-not-free',
} as const
export type Advance = (typeof ADVANCE)[keyof typeof ADVANCE]

export interface ProgressWrites {
  /**
   * Moves call `callId` forward to the reported status, if `gw`, the gateway whose signature the report carried, has
   * not changed since it was read (call-rows.ts). `adopt`: the carrier's SID, recorded in the same update (the call
   * had none when read).
   */
  advance(callId: number, report: StatusReport, gw: ProviderGateway, adopt?: string): Promise<Advance>
}

interface Report {
  id: number; status: string; callstatus: number; answeredBy: string | null; inProgress: boolean; now: string
  adopt: string | null; gatewayId: number; gatewayUpdated: string
}

// Every report of the batch as a row `v`; what a report does not say stays as it is. The guards are read per report,
// on the statement's snapshot, as the update's own.
const ph = sql.placeholder
const advanceAll = builtOnceSql<{ unchanged: boolean; sid_free: boolean; moved: boolean }>(() => {
  const unchanged = gatewayUnchangedAt(sql`v.gateway_id`, sql`v.gateway_updated`)
  const adoption = sidAdoption(sql`v.id`, sql`v.adopt`)
  const sidFree = sql`(v.adopt is null or ${adoption.guard})`
  const column = (name: string, type: string): SQL => sql`${ph(name)}::${sql.raw(type)}[]`
  return sql`with v as (select * from unnest(${column('ids', 'int')}, ${column('statuses', 'text')}, ${column('callstatuses', 'int')},
      ${column('answeredBys', 'text')}, ${column('inProgress', 'boolean')}, ${column('nows', 'timestamptz')}, ${column('adopts', 'text')},
      ${column('gatewayIds', 'int')}, ${column('gatewayUpdateds', 'timestamptz')})
      with ordinality as v(id, status, callstatus, answered_by, in_progress, now, adopt, gateway_id, gateway_updated, n)),
    moved as (
      update ${call} set status = v.status, callstatus = v.callstatus, answered_by = coalesce(v.answered_by, ${call.answeredBy}),
        answered_at = case when v.in_progress then coalesce(${call.answeredAt}, v.now) else ${call.answeredAt} end,
        provider_sid = ${adoption.set.providerSid}, updated_at = v.now
      from v
      where ${call.id} = v.id and ${call.callstatus} < v.callstatus and ${unchanged} and ${sidFree}
      returning ${call.id})
    select ${unchanged} as unchanged, ${sidFree} as sid_free, exists (select 1 from moved where moved.id = v.id) as moved
    from v order by v.n`
}, 'call_progress')

/** One statement for reports of distinct calls: an update takes a row once, so a call's second report waits its turn. */
async function writeReports(db: Db, reports: Report[]): Promise<Advance[]> {
  const ids = new Set<number>()
  const first: Report[] = []
  const rest: Report[] = []
  for (const r of reports) {
    ;(ids.has(r.id) ? rest : first).push(r)
    ids.add(r.id)
  }
  const rows = await advanceAll(db, {
    ids: first.map((r) => r.id), statuses: first.map((r) => r.status), callstatuses: first.map((r) => r.callstatus),
    answeredBys: first.map((r) => r.answeredBy), inProgress: first.map((r) => r.inProgress), nows: first.map((r) => r.now),
    adopts: first.map((r) => r.adopt), gatewayIds: first.map((r) => r.gatewayId), gatewayUpdateds: first.map((r) => r.gatewayUpdated),
  })
  const done = new Map(first.map((r, i) => [r, advanceOf(rows[i]!)]))
  const later = rest.length > 0 ? await writeReports(db, rest) : []
  for (const [i, r] of rest.entries()) done.set(r, later[i]!)
  return reports.map((r) => done.get(r)!)
}

const advanceOf = (row: { unchanged: boolean; sid_free: boolean; moved: boolean }): Advance =>
  row.moved ? ADVANCE.moved : !row.unchanged ? ADVANCE.gatewayChanged : row.sid_free ? ADVANCE.unchanged : ADVANCE.sidNotFree

export function createProgressWrites(db: Db, lingerMs?: number): ProgressWrites {
  const batches = createBatches<Report, Advance>({ lingerMs, maxBatch: MAX_BATCH, run: (reports) => writeReports(db, reports) })
  return {
    advance(callId, report, gw, adopt) {
      const code = callStatusFromTwilio(report.status)
      if (code === CallStatus.none || isFinalCallStatus(code)) throw new Error(`not a progress status: ${report.status}`)
      return batches.add({
        id: callId, status: report.status.toLowerCase(), callstatus: code, answeredBy: report.answeredBy || null,
        inProgress: code === CallStatus.inProgress, now: new Date().toISOString(), adopt: adopt ?? null,
        gatewayId: gw.id, gatewayUpdated: gw.updatedDate.toISOString(),
      })
    },
  }
}
