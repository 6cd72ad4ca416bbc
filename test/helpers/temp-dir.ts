import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A temporary directory of one's own for a test run (pointed to by TMPDIR), so that whatever the run leaves behind can
 * be seen, and then removed, without looking at other programs' files in the shared one.
 */
export interface RunTempDir {
  path: string
  /** Entries the run left behind (tsx's compile cache aside). */
  leftovers(): string[]
  remove(): void
}

// tsx keeps its compile cache in `$TMPDIR/tsx-<uid>` (tsx/dist/temporary-directory-*.mjs): it is linked to the shared
// one, so that test processes do not recompile every file on each run.
const tsxCache = () => `tsx-${process.geteuid?.() ?? 0}`

export function createRunTempDir(prefix = 'tocsin-run-'): RunTempDir {
  const shared = tmpdir()
  const path = mkdtempSync(join(shared, prefix))
  // World-writable and sticky like /tmp: as root, PostgreSQL runs as `postgres` and puts its socket here.
  chmodSync(path, 0o1777)
  const cache = join(shared, tsxCache())
  mkdirSync(cache, { recursive: true })
  symlinkSync(cache, join(path, tsxCache()))
  return {
    path,
    leftovers: () => (existsSync(path) ? readdirSync(path).filter((name) => name !== tsxCache()).sort() : []),
    // rm does not follow the symlink: the shared cache stays.
    remove: () => rmSync(path, { recursive: true, force: true }),
  }
}
