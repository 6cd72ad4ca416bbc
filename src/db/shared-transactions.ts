// Several callers' transactions run as one, when they come faster than one at a time (kit/batches.ts): one BEGIN and
// one COMMIT for a burst of short transactions instead of one each. For work whose caller can wait for the commit of
// its company — a carrier's final status callback, which needs nothing from the answer but its 200 (docs/scaling.md).
//
// The works of a batch run one after the other, in the order of their keys, so that two batches take their first locks
// in one order, each seeing the others' writes. If any fails (a deadlock on the rows locked after those included), the
// whole transaction rolls back and each work runs again alone, in a transaction of its own: so a work runs again after
// a failure not its own, and must keep what it does outside the database (logs, counters, kept rows) to things that
// may happen twice.
import type { Db, Tx } from './client.js'
import { createBatches } from '../kit/batches.js'

/** The most works one transaction takes (the locks of its first are held until its last is done). */
const MAX_BATCH = 50

export interface SharedTransactions {
  /** runs `work` in a transaction, perhaps shared; `key` orders the works of one batch (e.g. the row it locks first) */
  run<R>(key: number, work: (tx: Tx) => Promise<R>): Promise<R>
}

type Work = { key: number; work: (tx: Tx) => Promise<unknown> }

export function createSharedTransactions(db: Db, lingerMs?: number): SharedTransactions {
  const batches = createBatches<Work, unknown>({
    lingerMs,
    maxBatch: MAX_BATCH,
    run: (works) => db.transaction(async (tx) => {
      const results = new Map<Work, unknown>()
      for (const w of [...works].sort((a, b) => a.key - b.key)) results.set(w, await w.work(tx))
      return works.map((w) => results.get(w))
    }),
  })
  return { run: <R>(key: number, work: (tx: Tx) => Promise<R>) => batches.add({ key, work }) as Promise<R> }
}
