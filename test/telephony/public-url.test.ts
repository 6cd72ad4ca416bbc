import { Writable } from 'node:stream'
import pino from 'pino'
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { publicUrlProblem } from '../../src/kit/public-url.js'
import { warnIfCarriersCannotCallBack } from '../../src/telephony/public-url-check.js'

t.test('what a carrier on the internet could not reach', async (t) => {
  for (const [url, problem] of [
    ['http://localhost:8002', /localhost is not a public name/],
    ['https://127.0.0.1:8002', /private or loopback/],
    ['https://10.1.2.3', /private or loopback/],
    ['https://[::1]:8443', /private or loopback/],
    ['https://tocsin.local', /not a public name/],
    ['https://tocsin', /no domain/],
    ['http://tocsin.example.org', /not https/],
  ] as const) t.match(publicUrlProblem(url), problem, url)
  t.equal(publicUrlProblem('https://reminders.example.org'), null)
  t.equal(publicUrlProblem('https://8.8.8.8'), null, 'a public address')
})

t.test('a real gateway with a PUBLIC_URL it cannot call back: a loud warning at start-up', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const lines: Array<{ level: number; msg: string }> = []
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _e, done) { lines.push(JSON.parse(String(chunk))); done() } }))

  t.equal(await warnIfCarriersCannotCallBack(deps.db, { publicUrl: 'http://localhost:8002' }, logger), null, 'simulator gateways only: nothing to say')
  const created = await call({
    method: 'POST', url: '/rest-api/gateway/', as: 'manager',
    payload: { name: 'clinic twilio', provider: 'twilio', account_sid: `AC${'0123456789abcdef'.repeat(2)}`, auth_token: 'tok', caller_id: '+14155550100' },
  })
  t.equal(created.statusCode, 201, created.body)
  const said = await warnIfCarriersCannotCallBack(deps.db, { publicUrl: 'http://localhost:8002' }, logger)
  t.match(said, /^PUBLIC_URL http:\/\/localhost:8002 cannot be reached by a carrier \(localhost is not a public name\), yet voice gateway \d+ \(clinic twilio\) use a real carrier/)
  t.match(lines.at(-1), { level: 50, msg: said }, 'logged at error level')
  t.equal(await warnIfCarriersCannotCallBack(deps.db, { publicUrl: 'https://reminders.example.org' }, logger), null, 'a public https URL: quiet')
})
