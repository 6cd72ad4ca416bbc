import pg from 'pg'
import { migrationsApplied } from './migrate.js'

/** /readyz answers within this, whatever the database does (load balancers give up at about 2 s). */
export const READINESS_DEADLINE_MS = 1500

export type Readiness = 'ready' | 'migrations pending' | 'database unreachable' | 'database did not answer in time'

/**
 * Asks the database on a connection of its own, not the pool's: when PostgreSQL stalls, the pool's
 * connections are the ones stuck, and a probe must neither wait behind them nor add to them.
 */
export async function checkReadiness(url: string, deadlineMs = READINESS_DEADLINE_MS): Promise<{ status: Readiness; error?: unknown }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: deadlineMs, query_timeout: deadlineMs })
  client.on('error', () => {})
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<{ status: Readiness }>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'database did not answer in time' }), deadlineMs)
  })
  const probe = (async (): Promise<{ status: Readiness; error?: unknown }> => {
    try {
      await client.connect()
      return { status: (await migrationsApplied(client)) ? 'ready' : 'migrations pending' }
    } catch (error) {
      return { status: 'database unreachable', error }
    }
  })()
  try {
    return await Promise.race([probe, late])
  } finally {
    clearTimeout(timer)
    // Not awaited: against a stalled server the goodbye would stall too; end() drops the socket then.
    void client.end().catch(() => {})
  }
}
