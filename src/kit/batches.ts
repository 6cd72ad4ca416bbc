// Work that many callers ask for at about the same time, done for several of them at once: one statement or one
// commit for a burst instead of one each (docs/scaling.md). At a clinic's pace an item goes at once, alone; only what
// comes within LINGER_MS of the last batch waits, until then, for company. Each caller's promise settles with its
// own item's result.
//
// A batch that fails is done again item by item, each alone, so that one item the batch cannot take (a unique
// constraint, a deadlock, an aborted transaction) fails only its own caller. `run` must therefore leave nothing
// behind when it throws — a statement or a transaction that rolled back.

/**
 * How long after a batch the next one waits for company, when items come faster than this: short beside what the
 * callers' own callers wait for (a carrier's 15-second webhook timeout), long enough to gather a burst.
 */
export const LINGER_MS = 50

export interface BatchOptions<T, R> {
  /** LINGER_MS unless given (tests) */
  lingerMs?: number
  /** the most items one batch takes (its work stays bounded in any burst) */
  maxBatch: number
  /** does the work of `items`, returning each one's result in the same order */
  run(items: T[]): Promise<R[]>
}

export interface Batches<T, R> {
  /** `item`'s result, once its batch is done */
  add(item: T): Promise<R>
}

interface Pending<T, R> { item: T; resolve(result: R): void; reject(err: unknown): void }

export function createBatches<T, R>({ lingerMs = LINGER_MS, maxBatch, run }: BatchOptions<T, R>): Batches<T, R> {
  let pending: Pending<T, R>[] = []
  let scheduled: ReturnType<typeof setTimeout> | null = null
  let lastBatch = -Infinity

  async function flush(): Promise<void> {
    if (scheduled) clearTimeout(scheduled)
    scheduled = null
    const batch = pending
    pending = []
    lastBatch = performance.now()
    try {
      const results = await run(batch.map((p) => p.item))
      for (const [i, p] of batch.entries()) p.resolve(results[i]!)
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err)
      for (const p of batch) run([p.item]).then(([result]) => p.resolve(result!), p.reject)
    }
  }

  function schedule(): void {
    if (pending.length >= maxBatch) return void flush()
    if (scheduled) return
    scheduled = setTimeout(() => void flush(), Math.max(0, lastBatch + lingerMs - performance.now()))
  }

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        pending.push({ item, resolve, reject })
        schedule()
      })
    },
  }
}
