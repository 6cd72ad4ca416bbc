import { setTimeout as delay } from 'node:timers/promises'
import type { Disorder } from './chaos.js'

export interface CallbackLine {
  /**
   * Sends one status callback through the disorder: it may be dropped (`dropped` records that), delayed, sent twice,
   * and — with `reorder` — overtaken by a later one. Without disorder callbacks leave in order, one after the other.
   */
  post(send: () => Promise<unknown>, dropped: () => void): void
  /** Resolves once everything posted so far has been delivered (or given up at shutdown). */
  drain(): Promise<void>
}

export function createCallbackLine(disorder: Disorder, shutdown: AbortSignal): CallbackLine {
  let ordered: Promise<unknown> = Promise.resolve()
  const pending = new Set<Promise<unknown>>()

  const wait = (ms: number) => (ms > 0 ? delay(ms, undefined, { signal: shutdown }) : Promise.resolve())
  const track = (p: Promise<unknown>) => {
    const settled = p.catch(() => undefined)
    pending.add(settled)
    void settled.finally(() => pending.delete(settled))
  }

  return {
    post(send, dropped) {
      if (disorder.dropped()) {
        dropped()
        return
      }
      const copies = disorder.duplicated() ? 2 : 1
      for (let i = 0; i < copies; i++) {
        const ms = disorder.delayMs()
        const go = () => wait(ms).then(send)
        if (disorder.reorder) {
          track(go())
        } else {
          ordered = ordered.then(go).catch(() => undefined)
          track(ordered)
        }
      }
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending])
    },
  }
}
