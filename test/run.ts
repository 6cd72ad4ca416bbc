/**
 * `npm test`: one PostgreSQL for the whole run (embedded, or the server at DATABASE_URL), a
 * migrated and seeded template database, then tap runs every test file in parallel, each cloning
 * its own database from the template. Extra arguments go to tap.
 *
 * The run has a temporary directory of its own (TMPDIR for every test process): the cluster, its
 * socket and whatever the tests create go there. A run that leaves anything behind in it fails,
 * naming what was left; the directory is removed either way.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import pg from 'pg'
import {
  ADMIN_URL_ENV, APP_ROLE_ENV, APP_URL_ENV, TEMPLATE_ENV, prepareTemplate, startTestCluster, withDatabase, type TestCluster,
} from './helpers/cluster.js'
import { createRunTempDir } from './helpers/temp-dir.js'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

async function main(): Promise<number> {
  const temp = createRunTempDir()
  process.env.TMPDIR = temp.path
  let child: ChildProcess | undefined
  // tap runs in a process group of its own (with npx and every test process under it): stopped, this process passes
  // the signal to that whole group, waits for tap to end, then cleans up. Signalling npx alone would leave tap running
  // on, against a stopped cluster.
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (child?.pid === undefined || child.exitCode !== null) return
      try {
        process.kill(-child.pid, signal)
      } catch {
        // the group is gone already
      }
    })
  }
  let stop = async () => {}
  try {
    let cluster: TestCluster
    if (process.env.DATABASE_URL) {
      const adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
      cluster = { adminUrl, appUrl: adminUrl, appRole: null, template: `tocsin_template_${process.pid}` }
      await prepareTemplate(cluster, cluster.template)
      stop = () => dropDatabase(adminUrl, cluster.template)
    } else {
      const started = await startTestCluster()
      cluster = started.cluster
      stop = () => started.server.stop()
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env, [ADMIN_URL_ENV]: cluster.adminUrl, [APP_URL_ENV]: cluster.appUrl, [APP_ROLE_ENV]: cluster.appRole ?? '',
      [TEMPLATE_ENV]: cluster.template,
    }
    delete env.DATABASE_URL // tests get their own databases; none may touch the given one
    child = spawn('npx', ['tap', ...process.argv.slice(2)], { stdio: 'inherit', env, detached: true })
    const running = child
    const code = await new Promise<number>((resolve) => running.on('exit', (c) => resolve(c ?? 1)))
    await stop()
    stop = async () => {}
    const left = temp.leftovers()
    if (left.length > 0) {
      console.error(`the test run left these in its temporary directory ${temp.path}: ${left.join(', ')}`)
      return code || 1
    }
    return code
  } finally {
    await stop()
    temp.remove()
  }
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`drop database if exists "${name}" with (force)`)
  } finally {
    await admin.end()
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
