import type { Runner } from 'graphile-worker'
import type { AppDeps } from '../../src/deps.js'
import { createTaskList } from '../../src/jobs/index.js'
import { startWorker } from '../../src/jobs/worker.js'

interface TestContext {
  teardown(fn: () => unknown): void
}

/** Runs the real job worker (graphile-worker) on the test app's database until the test ends. */
export async function startTestWorker(t: TestContext, deps: AppDeps, concurrency = 4): Promise<Runner> {
  const runner = await startWorker({
    database: deps.database,
    logger: deps.logger,
    concurrency,
    tasks: createTaskList(deps),
    pollInterval: 100,
  })
  t.teardown(() => runner.stop())
  return runner
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
