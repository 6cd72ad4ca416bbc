import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Logger } from 'pino'
import { buildApp, createDeps } from '../../src/app.js'
import { loadConfig, type Config, type LogLevel } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import type { AppDeps } from '../../src/deps.js'
import { createTestDatabase } from './database.js'
import { freePort } from '../../src/db/embedded.js'
import { createSimulator, type Simulator } from '../../src/simulator/simulator.js'
import { simulatorAuth, simulatorNumberOwner } from '../../src/telephony/simulator-auth.js'
import { startTestWorker } from './worker.js'

interface TestContext {
  teardown(fn: () => unknown): void
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    SECRET_KEY: 'test-secret-key-0123456789',
    LOG_LEVEL: 'silent',
    ...env,
  })
}

/** Tocsin's own logger (with its redaction), silent unless TEST_LOG_LEVEL says otherwise. */
export function testLogger() {
  return createLogger((process.env.TEST_LOG_LEVEL ?? 'silent') as LogLevel)
}

export interface TestApp {
  app: FastifyInstance
  deps: AppDeps
  /** app.inject with credentials: `as: 'admin'` (Basic admin:admin), `as: ['user', 'pass']`, or `token` */
  call(options: InjectOptions & { as?: string | [string, string]; token?: string }): Promise<LightMyRequestResponse>
}

/**
 * The application on this test file's own database (seeded: organization 1, `admin`/`admin` and
 * `manager`/`manager`). Closed when the test ends. `env` overrides configuration variables.
 */
export async function buildTestApp(
  t: TestContext, env: Record<string, string> = {}, options: { logger?: Logger } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(t)
  const config = testConfig({ DATABASE_URL: database.url, ...env })
  const deps = createDeps({ config, database, logger: options.logger ?? testLogger() })
  const app = await buildApp(deps)
  t.teardown(() => app.close())
  return { ...withCredentials(app), deps }
}

function withCredentials(app: FastifyInstance): Omit<TestApp, 'deps'> {
  return {
    app,
    call({ as, token, headers, ...options }) {
      const auth: Record<string, string> = {}
      if (as !== undefined) {
        const [user, password] = typeof as === 'string' ? [as, as] : as
        auth.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
      }
      if (token) auth.authorization = `Token ${token}`
      return app.inject({ ...options, headers: { ...auth, ...headers } })
    },
  }
}

export interface TestServer extends TestApp {
  /** http://127.0.0.1:PORT — also PUBLIC_URL, so webhooks and their signatures line up */
  url: string
  simulator: Simulator
}

/**
 * The whole thing over real HTTP: the app listening on a loopback port that is also its
 * PUBLIC_URL, the carrier simulator mounted at /simulator (delays scaled by `timeScale`), and the
 * job worker. What the end-to-end tests of calls and alarms use.
 */
export async function startTestServer(
  t: TestContext, env: Record<string, string> = {}, options: { timeScale?: number; worker?: boolean } = {},
): Promise<TestServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const database = await createTestDatabase(t, 20)
  const config = testConfig({ DATABASE_URL: database.url, PORT: String(port), PUBLIC_URL: url, ...env })
  const logger = testLogger()
  const deps = createDeps({ config, database, logger })
  const simulator = createSimulator({
    logger, timeScale: options.timeScale ?? 0.01, verifyAuth: simulatorAuth(database.db, config.secretKey),
    smsUrl: `${url}/twilio/sms`, numberOwner: simulatorNumberOwner(database.db, config.secretKey),
  })
  const app = await buildApp(deps, { simulator })
  await app.listen({ port, host: '127.0.0.1' })
  t.teardown(() => app.close())
  if (options.worker !== false) await startTestWorker(t, deps)
  const base = withCredentials(app)
  return { ...base, deps, url, simulator }
}
