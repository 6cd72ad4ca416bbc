// The carrier's SID of each placed call, written as the carrier's answers to the creates come back: at a clinic's
// pace each one at once, but in a burst those that come within LINGER_MS of the last write go together in ONE
// statement (kit/batches.ts) — one round trip and one commit for several calls instead of one each (docs/scaling.md).
//
// Nothing waits on the SID in the meantime: a call is found by its id, which every webhook URL names (urls.ts), and a
// callback that comes first adopts the SID it carries (call-rows.ts sidAdoption), as it already may in the time the
// carrier takes to answer the create, which is longer. The caller's promise settles once its own SID is written; one
// the statement cannot take (a SID another call holds: the unique constraint) fails only its own caller.
import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { builtOnceSql } from '../db/built-once.js'
import { call } from '../db/schema/index.js'
import { createBatches } from '../kit/batches.js'

/** The most SIDs one statement writes. */
const MAX_BATCH = 500

export interface SidWrites {
  /** Records `sid` on call `callId` unless the call has one already (the carrier's answer agrees with any webhook's). */
  record(callId: number, sid: string): Promise<void>
}

const ph = sql.placeholder
const writeSids = builtOnceSql(() => sql`update ${call} set provider_sid = v.sid, updated_at = v.at
  from unnest(${ph('ids')}::int[], ${ph('sids')}::text[], ${ph('ats')}::timestamptz[]) as v(id, sid, at)
  where ${call.id} = v.id and ${call.providerSid} is null`, 'call_sids')

export function createSidWrites(db: Db, lingerMs?: number): SidWrites {
  const batches = createBatches<{ id: number; sid: string; at: string }, void>({
    lingerMs,
    maxBatch: MAX_BATCH,
    async run(items) {
      await writeSids(db, { ids: items.map((p) => p.id), sids: items.map((p) => p.sid), ats: items.map((p) => p.at) })
      return items.map(() => undefined)
    },
  })
  return { record: (callId, sid) => batches.add({ id: callId, sid, at: new Date().toISOString() }) }
}
