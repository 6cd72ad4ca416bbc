import formbody from '@fastify/formbody'
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js'

export interface SimulatorServerOptions extends Omit<SimulatorOptions, 'logger'> {
  port: number
  host?: string
  logger: Logger
}

export interface SimulatorServer {
  /** Base URL of the simulated Twilio API, e.g. http://127.0.0.1:4010 (give it to the provider as baseUrl). */
  url: string
  simulator: Simulator
  close(): Promise<void>
}

/** The simulator on its own port, mounted at the root (`tocsin simulator --port N`). */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const { port, host = '127.0.0.1', logger, ...simulatorOptions } = options
  const simulator = createSimulator({ logger, ...simulatorOptions })
  const app = Fastify({ loggerInstance: logger })
  await app.register(formbody)
  await app.register(simulator.plugin)
  await app.listen({ port, host })
  const { port: boundPort } = app.server.address() as AddressInfo
  // A wildcard bind is reachable on loopback; print something a browser or SDK can use.
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${boundPort}`,
    simulator,
    close: async () => {
      await simulator.close()
      await app.close()
    },
  }
}
