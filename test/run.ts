/**
 * `npm test`: one PostgreSQL for the whole run (embedded, or the server at DATABASE_URL), a
 * migrated and seeded template database, then tap runs every test file in parallel, each cloning
 * its own database from the template. Extra arguments go to tap.
 */
import { spawn } from 'node:child_process'
import {
  ADMIN_URL_ENV, APP_ROLE_ENV, APP_URL_ENV, TEMPLATE_ENV, prepareTemplate, startTestCluster, withDatabase, type TestCluster,
} from './helpers/cluster.js'

async function main(): Promise<number> {
  let stop = async () => {}
  let cluster: TestCluster
  if (process.env.DATABASE_URL) {
    const adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
    cluster = { adminUrl, appUrl: adminUrl, appRole: null, template: `tocsin_template_${process.pid}` }
    await prepareTemplate(cluster, cluster.template)
  } else {
    const started = await startTestCluster()
    cluster = started.cluster
    stop = () => started.server.stop()
  }
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env, [ADMIN_URL_ENV]: cluster.adminUrl, [APP_URL_ENV]: cluster.appUrl, [APP_ROLE_ENV]: cluster.appRole ?? '',
      [TEMPLATE_ENV]: cluster.template,
    }
    delete env.DATABASE_URL // tests get their own databases; none may touch the given one
    const child = spawn('npx', ['tap', ...process.argv.slice(2)], { stdio: 'inherit', env })
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
  } finally {
    await stop()
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
