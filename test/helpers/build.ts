import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import pino from 'pino'
import { buildApp, createDeps } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import type { AppDeps } from '../../src/deps.js'
import { createTestDatabase } from './database.js'

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
export async function buildTestApp(t: TestContext, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(t)
  const config = testConfig({ DATABASE_URL: database.url, ...env })
  const deps = createDeps({ config, database, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) })
  const app = await buildApp(deps)
  t.teardown(() => app.close())
  return {
    app,
    deps,
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
