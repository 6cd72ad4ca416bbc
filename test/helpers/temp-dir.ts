import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A temporary directory of one's own for a test run (pointed to by TMPDIR), so that whatever the run leaves behind can
 * be seen, and then removed, without looking at other programs' files in the shared one.
 */
export interface RunTempDir {
  path: string
  /** Entries the run left behind (compile caches aside). */
  leftovers(): string[]
  remove(): void
}

// Compile caches kept in `$TMPDIR/<name>-<uid>` by tsx (tsx/dist/temporary-directory-*.mjs) and by tap's
// v8-compile-cache: they are linked to the shared ones, so that test processes do not recompile on every run.
const CACHES = ['tsx', 'v8-compile-cache'].map((name) => `${name}-${process.geteuid?.() ?? 0}`)

export function createRunTempDir(prefix = 'tocsin-run-'): RunTempDir {
  const shared = tmpdir()
  const path = mkdtempSync(join(shared, prefix))
  // World-writable and sticky like /tmp: as root, PostgreSQL runs as `postgres` and puts its socket here.
  chmodSync(path, 0o1777)
  for (const cache of CACHES) {
    mkdirSync(join(shared, cache), { recursive: true })
    symlinkSync(join(shared, cache), join(path, cache))
  }
  return {
    path,
    leftovers: () => (existsSync(path) ? readdirSync(path).filter((name) => !CACHES.includes(name)).sort() : []),
    // rm does not follow the symlinks: the shared caches stay.
    remove: () => rmSync(path, { recursive: true, force: true }),
  }
}
