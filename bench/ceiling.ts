// The ceiling any reminder server could reach on this machine. The carrier simulator (in its own process, as in
// run.ts) places calls against a TwiML server that does nothing but answer — no database, no signature check, no IVR
// state — with the same exchanges as a Tocsin reminder call: calls.create, then the ringing, voice, gather and
// completed callbacks. Complete calls per second is what the HTTP alone allows. `npm run bench` measures it in the
// same run as Tocsin's throughput; `npm run bench:ceiling [calls]` alone.
import http from 'node:http'
import formbody from '@fastify/formbody'
import Fastify from 'fastify'
import { cpuPerCall, ownCpuSeconds } from './cpu-time.js'
import { startSimulatorProcess } from './simulator-child.js'

const CLIENTS = 32
const FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled'])
const twiml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`

export async function measureCeiling(calls: number) {
  const simulator = await startSimulatorProcess()
  const simulatorUrl = simulator.url

  let ended = 0
  let allEnded: () => void = () => {}
  const done = new Promise<void>((resolve) => { allEnded = resolve })
  const app = Fastify()
  await app.register(formbody)
  app.post('/voice', async (_request, reply) => reply.type('text/xml').send(twiml('<Gather numDigits="1" action="/gather"><Say>Press 1 to confirm</Say></Gather>')))
  app.post('/gather', async (_request, reply) => reply.type('text/xml').send(twiml('<Say>Thank you</Say><Hangup/>')))
  app.post('/status', async (request, reply) => {
    if (FINAL.has((request.body as { CallStatus: string }).CallStatus) && ++ended === calls) allEnded()
    return reply.status(204).send()
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`

  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS })
  function create(i: number): Promise<void> {
    const form = new URLSearchParams({ To: `+1555${String(i).padStart(7, '0')}`, From: '+15550000001', Url: `${base}/voice`, StatusCallback: `${base}/status` })
    form.append('StatusCallbackEvent', 'ringing')
    form.append('StatusCallbackEvent', 'completed')
    const body = form.toString()
    return new Promise((resolve, reject) => {
      const request = http.request(`${simulatorUrl}/2010-04-01/Accounts/ACceiling/Calls.json`, {
        method: 'POST',
        agent,
        headers: {
          authorization: `Basic ${Buffer.from('ACceiling:token').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      }, (response) => {
        response.resume()
        response.on('end', () => (response.statusCode! < 300 ? resolve() : reject(new Error(`calls.create: ${response.statusCode}`))))
      })
      request.on('error', reject)
      request.end(body)
    })
  }

  const simulatorCpu = async () => (await simulator.stats()).cpuSeconds
  // The server here runs in this process, with the clients that place the calls: both are the ceiling's cost.
  const cpuBefore = { server: ownCpuSeconds(), simulator: await simulatorCpu() }
  const started = Date.now()
  let next = 0
  await Promise.all(Array.from({ length: CLIENTS }, async () => { while (next < calls) await create(next++) }))
  await done
  const seconds = (Date.now() - started) / 1000
  const cpuMsPerCall = cpuPerCall(cpuBefore, { server: ownCpuSeconds(), simulator: await simulatorCpu() }, calls)
  agent.destroy()
  await simulator.stop()
  await app.close()
  return { calls, seconds: +seconds.toFixed(2), callsPerSecond: +(calls / seconds).toFixed(1), cpuMsPerCall }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureCeiling(Number(process.argv[2] ?? 5000))
  console.log(`${result.calls} complete calls without a database in ${result.seconds.toFixed(1)} s: ${result.callsPerSecond.toFixed(0)} calls/s, CPU per call (ms): ${JSON.stringify(result.cpuMsPerCall)}`)
  process.exit(0)
}
