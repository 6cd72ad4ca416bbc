import type { FastifyInstance } from 'fastify'
import type { Runner } from 'graphile-worker'
import type { Logger } from 'pino'
import { buildApp, createDeps } from './app.js'
import type { Config } from './config.js'
import { createDatabase } from './db/client.js'
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js'
import { migrateDatabase } from './db/migrate.js'
import { seedDatabase } from './seed.js'
import { warnIfCarriersCannotCallBack } from './telephony/public-url-check.js'
import { createTaskList } from './jobs/index.js'
import { startWorker } from './jobs/worker.js'
import { createSimulator } from './simulator/simulator.js'
import { simulatorAuth, simulatorNumberOwner } from './telephony/simulator-auth.js'

export type Mode = 'serve' | 'api' | 'worker' | 'migrate'

export interface Running {
  app: FastifyInstance | null
  runner: Runner | null
  url: string | null
  /** Stop accepting, finish in-flight requests and jobs, close the database, stop the embedded server. */
  stop(): Promise<void>
}

/** Starts Tocsin in one of its modes: the database (embedded or external), migrations, HTTP and/or jobs. */
export async function startTocsin(config: Config, mode: Mode, logger: Logger): Promise<Running> {
  if (!config.databaseUrl && mode === 'worker') {
    throw new Error('DATABASE_URL: `tocsin worker` shares a PostgreSQL server with `tocsin api`/`serve`; set DATABASE_URL')
  }
  let embedded: EmbeddedDatabase | null = null
  if (!config.databaseUrl) embedded = await startEmbeddedPostgres(config.dataDir, logger)
  const database = createDatabase(embedded?.url ?? config.databaseUrl!, mode === 'worker' ? config.workerConcurrency + 5 : 20, {
    statementTimeout: config.databaseStatementTimeout, connectTimeout: config.databaseConnectTimeout,
  })
  let app: FastifyInstance | null = null
  let runner: Runner | null = null

  const stop = async () => {
    await app?.close()
    await runner?.stop()
    await database.close()
    await embedded?.stop()
  }

  try {
    await migrateDatabase(database)
    if (mode !== 'worker') await seedDatabase(database, config, logger)
    if (mode === 'migrate') return { app, runner, url: null, stop }
    await warnIfCarriersCannotCallBack(database.db, config, logger)

    const deps = createDeps({ config, database, logger })
    let url: string | null = null
    if (mode === 'serve' || mode === 'api') {
      // The built-in carrier: seeded gateways point at it, so a fresh install can place calls.
      const simulator = mode === 'serve'
        ? createSimulator({
          logger, verifyAuth: simulatorAuth(database.db, config.secretKey),
          smsUrl: `${config.publicUrl}/twilio/sms`, numberOwner: simulatorNumberOwner(database.db, config.secretKey),
        })
        : undefined
      app = await buildApp(deps, { simulator })
      await app.listen({ port: config.port, host: config.host })
      const address = app.server.address()
      const port = typeof address === 'object' && address ? address.port : config.port
      url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`
      logger.info({ url, publicUrl: config.publicUrl, docs: `${url}/docs` }, `Tocsin listening on ${url}`)
    }
    if (mode === 'serve' || mode === 'worker') {
      runner = await startWorker({ database, logger, concurrency: config.workerConcurrency, tasks: createTaskList(deps) })
    }
    return { app, runner, url, stop }
  } catch (err) {
    await stop().catch(() => {})
    throw err
  }
}
