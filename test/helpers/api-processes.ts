// Two API processes on one database, as `tocsin api` scaled out: each with its own authenticator and caches, so a
// test can show that what one process learns (a deactivation, a login failure) holds in the other at once.
import type { FastifyInstance } from 'fastify'
import { buildApp, createDeps } from '../../src/app.js'
import { testConfig, testLogger } from './build.js'
import { createTestDatabase } from './database.js'

export async function twoApiProcesses(t: { teardown(fn: () => unknown): void }) {
  const database = await createTestDatabase(t)
  const apps: FastifyInstance[] = []
  for (let i = 0; i < 2; i++) {
    const app = await buildApp(createDeps({ config: testConfig({ DATABASE_URL: database.url }), database, logger: testLogger() }))
    t.teardown(() => app.close())
    apps.push(app)
  }
  return { a: apps[0]!, b: apps[1]!, database }
}
