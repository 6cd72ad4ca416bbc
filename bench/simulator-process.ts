// The carrier simulator in its own process for the benchmark (as `tocsin simulator` would run it), so that its work
// does not share a CPU core's event loop with Tocsin's. Reports its URL, then its peak memory and CPU time when asked.
import pino from 'pino'
import { startSimulatorServer } from '../src/simulator/standalone.js'
import { ownCpuSeconds } from './cpu-time.js'

const server = await startSimulatorServer({
  port: 0,
  logger: pino({ level: 'silent' }),
  timeScale: Number(process.env.SIM_TIME_SCALE ?? 0),
  maxRecords: 2_000,
})
let peakRss = process.memoryUsage().rss
setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 100).unref()
process.send!({ type: 'ready', url: server.url })
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send!({ type: 'stats', peakRss, rss: process.memoryUsage().rss, cpuSeconds: ownCpuSeconds() })
  if (message.type === 'stop') void server.close().then(() => process.exit(0))
})
