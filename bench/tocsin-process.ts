// One Tocsin process of the benchmark's split deployment, started as the CLI starts it (`tocsin api` or
// `tocsin worker`, src/server.ts) with its configuration in the environment: it reports when it is ready, then its
// peak memory and CPU time when asked, and stops when told.
import pino from 'pino'
import { loadConfig } from '../src/config.js'
import { startTocsin, type Mode } from '../src/server.js'
import { ownCpuSeconds } from './cpu-time.js'

const mode = process.argv[2] as Mode
const config = loadConfig(process.env)
const running = await startTocsin(config, mode, pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }))
let peakRss = process.memoryUsage().rss
setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 100).unref()
process.send!({ type: 'ready' })
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send!({ type: 'stats', peakRss, cpuSeconds: ownCpuSeconds() })
  if (message.type === 'stop') void running.stop().then(() => process.exit(0), () => process.exit(1))
})
