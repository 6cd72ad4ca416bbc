// The carrier's SID of each placed call, written as the carrier's answers to the creates come back: at a clinic's
// pace each one at once, but in a burst those that come within LINGER_MS of the last write go together in ONE
// statement — one round trip and one commit for several calls instead of one each (docs/scaling.md).
//
// Nothing waits on the SID in the meantime: a call is found by its id, which every webhook URL names (urls.ts), and a
// callback that comes first adopts the SID it carries (call-rows.ts sidAdoption), as it already may in the time the
// carrier takes to answer the create, which is longer. The caller's promise settles once its own SID is written.
import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { builtOnceSql } from '../db/built-once.js'
import { call } from '../db/schema/index.js'

/** How long after a write the next one waits for company, when SIDs come faster than this. */
export const LINGER_MS = 50
/** The most SIDs one statement writes (work per statement stays bounded in any burst). */
const MAX_BATCH = 500

export interface SidWrites {
  /** Records `sid` on call `callId` unless the call has one already (the carrier's answer agrees with any webhook's). */
  record(callId: number, sid: string): Promise<void>
}

interface Pending { id: number; sid: string; at: string; resolve(): void; reject(err: unknown): void }

const ph = sql.placeholder
const writeSids = builtOnceSql(() => sql`update ${call} set provider_sid = v.sid, updated_at = v.at
  from unnest(${ph('ids')}::int[], ${ph('sids')}::text[], ${ph('ats')}::timestamptz[]) as v(id, sid, at)
  where ${call.id} = v.id and ${call.providerSid} is null`, 'call_sids')

const write = (db: Db, batch: Pending[]) =>
  writeSids(db, { ids: batch.map((p) => p.id), sids: batch.map((p) => p.sid), ats: batch.map((p) => p.at) })

export function createSidWrites(db: Db, lingerMs = LINGER_MS): SidWrites {
  let pending: Pending[] = []
  let scheduled: ReturnType<typeof setTimeout> | null = null
  let lastWrite = -Infinity

  async function flush(): Promise<void> {
    if (scheduled) clearTimeout(scheduled)
    scheduled = null
    const batch = pending
    pending = []
    lastWrite = performance.now()
    try {
      await write(db, batch)
      for (const p of batch) p.resolve()
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err)
      // One entry the statement cannot take (a SID another call holds) fails them all: each goes again on its own, to
      // its own answer.
      for (const p of batch) write(db, [p]).then(() => p.resolve(), p.reject)
    }
  }

  function schedule(): void {
    if (pending.length >= MAX_BATCH) return void flush()
    if (scheduled) return
    scheduled = setTimeout(() => void flush(), Math.max(0, lastWrite + lingerMs - performance.now()))
  }

  return {
    record(callId, sid) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ id: callId, sid, at: new Date().toISOString(), resolve, reject })
        schedule()
      })
    },
  }
}
