import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { loginFailure } from '../db/schema/index.js'

/** At most MAX_FAILURES failed logins per key per WINDOW; the counter resets after the window. */
export const MAX_FAILURES = 10
export const WINDOW_SECONDS = 15 * 60

const windowOver = sql`${loginFailure.windowStart} < now() - make_interval(secs => ${WINDOW_SECONDS})`

/**
 * The failed-login limit, kept in PostgreSQL so it holds across processes. An attempt is counted
 * before its password is checked, in one statement (`reserve`), so concurrent guesses cannot all
 * pass a check made before any of them was recorded; a success clears the count (`reset`).
 */
export function createLoginLimiter(db: Db) {
  /** A scalar subquery: seconds `key` must still wait (null or 0 = it may try), to read with other columns. */
  const waitFor = (key: string): SQL<number | null> =>
    sql<number | null>`(select greatest(0, ceil(extract(epoch from ${loginFailure.windowStart} + make_interval(secs => ${WINDOW_SECONDS}) - now())))::int
      from ${loginFailure} where ${loginFailure.key} = ${key} and ${loginFailure.failures} >= ${MAX_FAILURES} and not (${windowOver}))`
  /** A scalar subquery: failed attempts counted for `key` in its current window (null = none). */
  const failuresOf = (key: string): SQL<number | null> =>
    sql<number | null>`(select ${loginFailure.failures} from ${loginFailure} where ${loginFailure.key} = ${key} and not (${windowOver}))`
  return {
    waitFor,
    failuresOf,
    /** Seconds to wait, or 0 when the key may try again. */
    async blockedFor(key: string): Promise<number> {
      const { rows } = await db.execute<{ wait: number | null }>(sql`select ${waitFor(key)} as wait`)
      return rows[0]?.wait ?? 0
    },
    /** Counts one attempt as failed until `reset`: 0 when it may be checked, else the seconds to wait. */
    async reserve(key: string): Promise<number> {
      const { rows } = await db.execute<{ failures: number; wait: number }>(sql`
        insert into ${loginFailure} (key, failures, window_start) values (${key}, 1, now())
        on conflict (key) do update set
          failures = case when ${windowOver} then 1 else ${loginFailure.failures} + 1 end,
          window_start = case when ${windowOver} then now() else ${loginFailure.windowStart} end
        returning failures,
          greatest(1, ceil(extract(epoch from window_start + make_interval(secs => ${WINDOW_SECONDS}) - now())))::int as wait`)
      const row = rows[0]!
      return row.failures > MAX_FAILURES ? row.wait : 0
    },
    async reset(key: string): Promise<void> {
      await db.execute(sql`delete from ${loginFailure} where key = ${key}`)
    },
  }
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>
