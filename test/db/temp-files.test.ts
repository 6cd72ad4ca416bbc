// Nothing left behind: a test file run alone starts its own PostgreSQL cluster in the temporary directory, and removes
// it (data, socket, lock files) when it ends. (`npm test` checks the same of the whole run: test/run.ts.)
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { createRunTempDir } from '../helpers/temp-dir.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/standalone-file.ts', import.meta.url))

t.test('a test file run alone leaves nothing in the temporary directory', async (t) => {
  const temp = createRunTempDir('tocsin-standalone-')
  t.teardown(() => temp.remove())
  // Only what a shell would pass: none of this run's cluster settings, so the file starts a cluster of its own.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: temp.path, ...(process.env.TZ && { TZ: process.env.TZ }) }
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  t.equal(code, 0, `the file passed:\n${output}`)
  t.match(output, /ok \d+ - meanwhile its cluster is in the temporary directory/)
  t.same(temp.leftovers(), [], 'and nothing of it is left')
})
