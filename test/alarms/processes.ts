import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TestServer } from '../helpers/build.js'

interface TestContext {
  teardown(fn: () => unknown): void
}

const FIXTURE = fileURLToPath(new URL('../fixtures/worker-process.ts', import.meta.url))

export interface WorkerProcess {
  child: ChildProcess
  /** SIGKILL: no shutdown at all, as when a host dies. */
  kill(): Promise<void>
  stop(): Promise<void>
}

/** Another worker process on the test server's database (node + tsx, so SIGKILL reaches the process itself). */
export async function startWorkerProcess(t: TestContext, server: TestServer, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const config = server.deps.config
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: config.databaseUrl,
      SECRET_KEY: config.secretKey,
      PUBLIC_URL: config.publicUrl,
      ALARM_STALE_AFTER: String(config.alarmStaleAfter),
      CALL_RECONCILE_AFTER: String(config.callReconcileAfter),
      OUTBOUND_URL_ALLOW: config.outboundUrlAllow.join(','),
      LOG_LEVEL: 'silent',
      WORKER_CONCURRENCY: '4',
      ...(process.env.TEST_LOG_LEVEL && { TEST_LOG_LEVEL: process.env.TEST_LOG_LEVEL }),
      ...env,
    },
    // stdin: a pipe the child watches, so that it ends with this process (test/fixtures/worker-process.ts).
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('ready')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before it was ready`)))
  })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  t.teardown(stop)
  return {
    child,
    stop,
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
  }
}
