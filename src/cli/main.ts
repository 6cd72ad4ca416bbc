#!/usr/bin/env node
import { ConfigError, loadConfig, type LogLevel, type Config } from '../config.js'
import { createLogger } from '../logger.js'
import { startTocsin, type Mode } from '../server.js'
import { phone } from './phone.js'
import { startSimulatorServer } from '../simulator/standalone.js'

const HELP = `Usage: tocsin <command> [options]

Commands:
  serve       API, webhooks, simulator and job worker in one process (npm start)
  api         HTTP only
  worker      jobs only; run several against one DATABASE_URL to scale out
  migrate     apply sql/ and the graphile-worker schema, then exit
  simulator   a Twilio-compatible carrier simulator on its own port
              (--port N, default 4010; --host H; --time-scale X, 0.1 = ten times faster)
  phone       answer simulated calls in this terminal: tocsin phone +15551234567
              (--user an admin's name:password, which the simulator in serve asks for;
              --url the simulator's base, default PUBLIC_URL/simulator)

Options:
  -h, --help  show this help

Configuration is read from environment variables; see README.md.`

const command = process.argv[2]
if (!command || command === '-h' || command === '--help' || process.argv.includes('--help')) {
  console.log(HELP)
  process.exit(command ? 0 : 1)
}

/** `--name value` from the command line. */
function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? process.argv[index + 1] : undefined
}

async function simulator(logLevel: LogLevel): Promise<void> {
  const port = Number(flag('port') ?? 4010)
  const timeScale = Number(flag('time-scale') ?? 1)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port: must be a port number')
  if (!(timeScale >= 0)) throw new Error('--time-scale: must be a number ≥ 0')
  const server = await startSimulatorServer({ port, host: flag('host') ?? '127.0.0.1', timeScale, logger: createLogger(logLevel) })
  console.log(`Twilio-compatible simulator on ${server.url} (API at ${server.url}/2010-04-01, calls at ${server.url}/calls)`)
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

async function main(): Promise<void> {
  const modes: readonly string[] = ['serve', 'api', 'worker', 'migrate', 'simulator', 'phone']
  if (!modes.includes(command!)) {
    console.error(`tocsin: unknown command "${command}"\n\n${HELP}`)
    process.exit(2)
  }
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`tocsin: configuration error: ${err.message}`)
      process.exit(78) // EX_CONFIG
    }
    throw err
  }
  if (command === 'simulator') return simulator(config.logLevel)
  if (command === 'phone') return phone(process.argv.slice(3), `${config.publicUrl}/simulator`)
  const logger = createLogger(config.logLevel)
  const running = await startTocsin(config, command as Mode, logger)
  if (command === 'migrate') {
    await running.stop()
    logger.info('migrations applied')
    return
  }
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now')
      process.exit(130)
    }
    stopping = true
    logger.info({ signal }, 'shutting down: finishing in-flight requests and jobs')
    running.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'error during shutdown')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((err: unknown) => {
  console.error(`tocsin: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
