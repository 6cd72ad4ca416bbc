import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'

// `tocsin serve` as a new user runs it: no DATABASE_URL, so an embedded PostgreSQL under DATA_DIR.
const dataDir = mkdtempSync(join(tmpdir(), 'tocsin-embedded-'))
chmodSync(dataDir, 0o755)
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))

interface Server {
  child: ChildProcess
  url: string
  exited: Promise<number | null>
}

function serve(): Promise<Server> {
  // node itself (not npx) so that signals reach Tocsin's own process
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${output}`)), 60_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ child, url: match[1]!, exited })
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
    child.on('exit', () => reject(new Error(`exited early:\n${output}`)))
  })
}

const auth = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }

function postgresPid(): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid')
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

t.test('start → stop → restart keeps the data; a killed run is recovered', async (t) => {
  const first = await serve()
  t.equal((await fetch(`${first.url}/healthz`)).status, 200)
  const created = await fetch(`${first.url}/rest-api/organization/`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Kept' }),
  })
  t.equal(created.status, 201)
  const pgPid = postgresPid()
  t.ok(pgPid && alive(pgPid), 'PostgreSQL runs while Tocsin runs')

  first.child.kill('SIGINT')
  t.equal(await first.exited, 0, 'graceful exit')
  t.notOk(alive(pgPid!), 'no PostgreSQL left behind')

  const second = await serve()
  const orgs = await (await fetch(`${second.url}/rest-api/organization/`, { headers: auth })).json() as { results: { name: string }[] }
  t.ok(orgs.results.some((o) => o.name === 'Kept'), 'data survives a restart')
  const orphan = postgresPid()
  // SIGKILL Tocsin: its postgres is orphaned and its lock file stays.
  second.child.kill('SIGKILL')
  await second.exited
  for (const pid of [orphan!]) t.ok(alive(pid) || existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'lock left behind')

  const third = await serve()
  const again = await (await fetch(`${third.url}/rest-api/organization/`, { headers: auth })).json() as { results: { name: string }[] }
  t.ok(again.results.some((o) => o.name === 'Kept'), 'recovered from the stale lock with the data')
  third.child.kill('SIGTERM')
  t.equal(await third.exited, 0)
  const last = postgresPid()
  t.ok(last === null || !alive(last), 'stopped')
})
