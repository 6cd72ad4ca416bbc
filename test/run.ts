/**
 * `npm test`: one PostgreSQL for the whole run (embedded, or the server at DATABASE_URL), a
 * migrated and seeded template database, then tap runs every test file in parallel, each cloning
 * its own database from the template. Extra arguments go to tap.
 */
import { spawn } from 'node:child_process'
import { ADMIN_URL_ENV, TEMPLATE_ENV, prepareTemplate, startTestCluster, withDatabase } from './helpers/cluster.js'

async function main(): Promise<number> {
  let stop = async () => {}
  let adminUrl: string
  let template: string
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
    template = `tocsin_template_${process.pid}`
    await prepareTemplate(adminUrl, template)
  } else {
    const started = await startTestCluster()
    ;({ adminUrl, template } = started.cluster)
    stop = () => started.server.stop()
  }
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, [ADMIN_URL_ENV]: adminUrl, [TEMPLATE_ENV]: template }
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
