import type pg from 'pg'

/**
 * Records the text of every statement asked of the pool's connections (a BEGIN too, though it goes with the next
 * statement: src/db/begin-with-first.ts). `take()` returns what was recorded since the last take, and starts afresh.
 */
export function recordStatements(pool: pg.Pool): { take(): string[] } {
  let sent: string[] = []
  const wrapped = new WeakSet<object>()
  pool.on('acquire', (client: pg.PoolClient) => {
    if (wrapped.has(client)) return
    wrapped.add(client)
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string }
      sent.push(typeof first === 'string' ? first : first.text ?? '')
      return query(...args)
    }
  })
  return {
    take() {
      const taken = sent
      sent = []
      return taken
    },
  }
}
