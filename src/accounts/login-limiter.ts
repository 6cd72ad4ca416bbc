import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { loginFailure } from '../db/schema/index.js'

/** At most MAX_FAILURES failed logins per key per WINDOW; the counter resets after the window. */
export const MAX_FAILURES = 10
export const WINDOW_SECONDS = 15 * 60

export function createLoginLimiter(db: Db) {
  return {
    /** Seconds to wait, or 0 when the key may try again. */
    async blockedFor(key: string): Promise<number> {
      const { rows } = await db.execute<{ wait: number }>(sql`
        select greatest(0, ceil(extract(epoch from window_start + make_interval(secs => ${WINDOW_SECONDS}) - now())))::int as wait
        from ${loginFailure} where key = ${key} and failures >= ${MAX_FAILURES}`)
      return rows[0]?.wait ?? 0
    },
    async recordFailure(key: string): Promise<void> {
      await db.execute(sql`
        insert into ${loginFailure} (key, failures, window_start) values (${key}, 1, now())
        on conflict (key) do update set
          failures = case when ${loginFailure.windowStart} < now() - make_interval(secs => ${WINDOW_SECONDS})
                          then 1 else ${loginFailure.failures} + 1 end,
          window_start = case when ${loginFailure.windowStart} < now() - make_interval(secs => ${WINDOW_SECONDS})
                              then now() else ${loginFailure.windowStart} end`)
    },
    async reset(key: string): Promise<void> {
      await db.execute(sql`delete from ${loginFailure} where key = ${key}`)
    },
  }
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>
