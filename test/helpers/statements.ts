import { AsyncLocalStorage } from 'node:async_hooks'
import type pg from 'pg'

/**
 * Records the text of every statement asked of the pool's connections (a BEGIN too, though it goes with the next
 * statement: src/db/begin-with-first.ts). `take()` returns what was recorded since the last take, and starts afresh.
 * `within(fn)` returns only what `fn` and the work it started sent: not the statements of callbacks or timers that
 * happen to run meanwhile (a call from an earlier test still ringing, a batch flushed for someone else).
 */
export function recordStatements(pool: pg.Pool): {
  take(): string[]
  within<T>(fn: () => Promise<T>): Promise<{ result: T; sent: string[] }>
} {
  let sent: string[] = []
  const scope = new AsyncLocalStorage<string[]>()
  const wrapped = new WeakSet<object>()
  pool.on('acquire', (client: pg.PoolClient) => {
    if (wrapped.has(client)) return
    wrapped.add(client)
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string }
      const text = typeof first === 'string' ? first : first.text ?? ''
      sent.push(text)
      scope.getStore()?.push(text)
      return query(...args)
    }
  })
  return {
    take() {
      const taken = sent
      sent = []
      return taken
    },
    async within(fn) {
      const mine: string[] = []
      const result = await scope.run(mine, fn)
      return { result, sent: mine }
    },
  }
}
