// The load of the webhook latency benchmark (bench/webhook-latency.ts) in its own process, as a carrier is: signing
// the callbacks and timing them costs CPU that must not share Tocsin's event loop. Given the calls and a number of
// concurrent clients, it posts each call's voice then gather callback over keep-alive HTTP and reports every latency:
// as fast as the answers come (closed loop: what Tocsin can serve), or paced at `perSecond` in all (open loop: what a
// carrier sending that many callbacks sees). Paced latencies count from when a request was due, not when it could be
// sent, so that a server falling behind is not hidden by the clients waiting for it. The first `warmup` calls go
// first, as fast as answered, and are not counted: a carrier's client is not cold, and this one's first requests load
// its HTTP stack (tens of milliseconds), which paced requests due meanwhile would count as the server's lateness.
// It posts with node:http, not fetch: a carrier's callbacks come from its own machines, and on two shared cores the
// load's CPU is taken from Tocsin's. fetch cost 0.8 ms of CPU a request here, node:http 0.3 (docs/scaling.md).
import { Agent, request } from 'node:http'
import twilio from 'twilio'

export interface ClientJob {
  publicUrl: string
  token: string
  accountSid: string
  calls: { id: number; provider_sid: string }[]
  concurrency: number
  perSecond?: number
  /** how many of `calls` warm up, uncounted */
  warmup: number
}

async function run(job: ClientJob): Promise<{ latencies: number[]; seconds: number }> {
  // One agent for both, so the counted requests go over the connections the warm-up opened, as a carrier's would.
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency })
  await load({ ...job, calls: job.calls.slice(0, job.warmup), perSecond: undefined }, agent)
  return load({ ...job, calls: job.calls.slice(job.warmup) }, agent)
}

async function load(job: Omit<ClientJob, 'warmup'>, agent: Agent): Promise<{ latencies: number[]; seconds: number }> {
  const began = performance.now()
  let sent = 0
  const post = async (path: string, params: Record<string, string>) => {
    const url = `${job.publicUrl}${path}`
    let started = performance.now()
    if (job.perSecond) {
      const due = began + (sent++ * 1000) / job.perSecond
      if (due > started) await new Promise((resolve) => setTimeout(resolve, due - started))
      started = due
    }
    const body = new URLSearchParams(params).toString()
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: 'POST', agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body),
          'x-twilio-signature': twilio.getExpectedTwilioSignature(job.token, url, params),
        },
      }, (res) => {
        res.resume()
        res.once('end', () => resolve(res.statusCode!))
      })
      req.once('error', reject)
      req.end(body)
    })
    if (status !== 200) throw new Error(`${path}: ${status}`)
    return performance.now() - started
  }
  const latencies: number[] = []
  let next = 0
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (next < job.calls.length) {
      const row = job.calls[next++]!
      const base = { CallSid: row.provider_sid, AccountSid: job.accountSid, CallStatus: 'in-progress' }
      latencies.push(await post(`/twilio/voice?call=${row.id}`, base))
      latencies.push(await post(`/twilio/gather?call=${row.id}&seq=1`, { ...base, Digits: '1' }))
    }
  }))
  return { latencies, seconds: (performance.now() - began) / 1000 }
}

process.once('message', (job: ClientJob) => {
  run(job).then(
    (result) => process.send!({ type: 'done', ...result }, () => process.exit(0)),
    (err: Error) => process.send!({ type: 'failed', message: err.message }, () => process.exit(1)),
  )
})
