import type pg from 'pg'

/**
 * Records the text of every statement asked of the pool's connections (a BEGIN too, though it goes with the next
 * statement: src/db/transaction-edges.ts). `take()` returns what was recorded since the last take, and starts afresh.
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

interface Wire { sync(): void; query(text: string): void }

/**
 * Counts the waits for PostgreSQL's answer on the pool's connections: every Sync and every simple Query message
 * (a statement that carries a BEGIN or COMMIT is one: src/db/transaction-edges.ts). `take()` as above.
 */
export function recordWaits(pool: pg.Pool): { take(): number } {
  let waits = 0
  const counted = new WeakSet<object>()
  pool.on('acquire', (client: pg.PoolClient) => {
    const wire = (client as unknown as { connection: Wire }).connection
    if (counted.has(wire)) return
    counted.add(wire)
    const sync = wire.sync.bind(wire)
    const query = wire.query.bind(wire)
    wire.sync = () => { waits++; sync() }
    wire.query = (text: string) => { waits++; query(text) }
  })
  return {
    take() {
      const taken = waits
      waits = 0
      return taken
    },
  }
}
