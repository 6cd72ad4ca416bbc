// The carrier simulator started in its own process (bench/simulator-process.ts), for the benchmark's rounds and the
// ceiling alike: its URL once ready, its peak memory and CPU time when asked, and a stop that waits for its exit.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface SimulatorChild {
  url: string
  stats(): Promise<{ peakRss: number; cpuSeconds: number }>
  stop(): Promise<void>
}

export async function startSimulatorProcess(): Promise<SimulatorChild> {
  const child = fork(fileURLToPath(new URL('./simulator-process.js', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const next = (type: string) => new Promise<any>((resolve) => {
    const on = (m: { type: string }) => { if (m.type === type) { child.off('message', on); resolve(m) } }
    child.on('message', on)
  })
  const { url } = await next('ready')
  return {
    url,
    async stats() { child.send({ type: 'stats' }); return next('stats') },
    async stop() { child.send({ type: 'stop' }); await new Promise((r) => child.once('exit', r)) },
  }
}
