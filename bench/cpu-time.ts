// CPU time by process, so that a run shows where the machine's cores went, not only how fast calls went: calls per
// second on two shared cores move with the hour of the VM (docs/scaling.md), the CPU a call costs much less. Node
// processes report their own (`process.cpuUsage()`); PostgreSQL's is read from Linux's /proc — the postmaster, every
// process it started that is still running (backends, checkpointer, WAL writer, autovacuum), and what its exited
// children used (`cutime`, `cstime`). Elsewhere, or for a PostgreSQL that is not on this machine, it is unknown (null).
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import type pg from 'pg'

/** Seconds of CPU (user and system) a Node process has used: what it sends as `cpuSeconds` in its stats. */
export const ownCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

let ticksPerSecond: number | undefined
const ticks = (): number => (ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100)

/** The fields of /proc/<pid>/stat after the command's name (which may hold spaces), or null once the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return null
  }
}

// After the name: state (0), ppid (1), …, utime (11), stime (12), cutime (13), cstime (14), in clock ticks.
const PPID = 1
const UTIME = 11

/** The local PostgreSQL server's CPU seconds so far, or null when it cannot be read here. */
export interface PostgresCpu { seconds(): number | null }

/** Finds the postmaster through a backend of `pool` (its parent); null when PostgreSQL is not local or not Linux. */
export async function postgresCpu(pool: pg.Pool): Promise<PostgresCpu> {
  const { rows: [row] } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid')
  const postmaster = Number(statFields(row!.pid)?.[PPID])
  if (!postmaster || statFields(postmaster) === null) return { seconds: () => null }
  return {
    seconds() {
      const own = statFields(postmaster)
      if (!own) return null
      let total = own.slice(UTIME, UTIME + 4).reduce((sum, t) => sum + Number(t), 0)
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue
        const fields = statFields(Number(entry))
        if (fields && Number(fields[PPID]) === postmaster) total += Number(fields[UTIME]) + Number(fields[UTIME + 1])
      }
      return total / ticks()
    },
  }
}

/** Milliseconds of CPU per call, by process, between two readings of each. */
export function cpuPerCall(before: Record<string, number | null>, after: Record<string, number | null>, calls: number) {
  const perCall: Record<string, number | null> = {}
  let total: number | null = 0
  for (const [name, end] of Object.entries(after)) {
    const start = before[name]
    const ms = end === null || start === null || start === undefined ? null : +(((end - start) * 1000) / calls).toFixed(2)
    perCall[name] = ms
    total = ms === null || total === null ? null : total + ms
  }
  return { ...perCall, total: total === null ? null : +total.toFixed(2) }
}
