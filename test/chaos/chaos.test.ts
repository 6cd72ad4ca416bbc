// A small `npm run chaos` (CHAOS_ALARMS 30 by default here): every kind of disorder on, the invariants must
// hold — no attempt dialled twice, no answer lost, nothing left unsettled, nothing sent to an opted-out number, no
// webhook answered 5xx.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { runChaos, violations } from '../../bench/chaos/run-chaos.js'

t.setTimeout(600_000)

t.test('under every disorder at once, the invariants hold', async (t) => {
  const server = await startTestServer(t, { CALL_RECONCILE_AFTER: '2', SMS_DELIVERY_DEADLINE: '30' }, { timeScale: 0.02 })
  const api = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await server.call({ method, url, payload, as: 'manager' })
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const report = await runChaos({ deps: server.deps, simulator: server.simulator, api }, {
    alarms: Number(process.env.CHAOS_ALARMS ?? 30), timeoutMs: 300_000, progress: (line) => t.comment(line),
  })
  t.comment(JSON.stringify(report))
  t.same(violations(report), [], 'no invariant broken')
  t.equal(report.max_calls_per_attempt, 1, 'one call per attempt')
  t.ok(report.answers_given > 0, `answers were given (${report.answers_given})`)
  t.equal(report.answers_recorded, report.answers_given, 'every answer recorded')
  t.equal(report.unsettled, 0)
  t.equal(report.sends_to_opted_out, 0)
  t.equal(report.webhook_5xx, 0)
  t.ok(report.detail['creates answered 503 or cut off (call placed anyway)']! > 0 || report.alarms < 20, 'ambiguous creates were met')
})
