import pino from 'pino'
import t, { type Test } from 'tap'
import { rebaseTwilioUrl } from '../../src/telephony/rebased-http-client.js'
import { TelephonyError } from '../../src/telephony/telephony-error.js'
import { createTwilioProvider } from '../../src/telephony/twilio-provider.js'
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  FROM,
  sendJson,
  startSimulator,
  startTwimlApp,
  waitUntil,
  type TwimlApp,
} from '../simulator/fixtures/harness.js'

/** Everything every provider in this file logged, to prove what is (and is not) logged. */
const allLogLines: string[] = []

function capturingLogger() {
  const lines: string[] = []
  const logger = pino({ level: 'debug' }, {
    write: (line: string) => {
      lines.push(line)
      allLogLines.push(line)
    },
  })
  return { logger, lines }
}

async function setup(t: Test, options: { verifyAuth?: boolean; authToken?: string } = {}) {
  const app = await startTwimlApp(t)
  const harness = await startSimulator(t, {
    ...(options.verifyAuth && { verifyAuth: (sid: string, token: string) => sid === ACCOUNT_SID && token === AUTH_TOKEN }),
  })
  const { logger, lines } = capturingLogger()
  const provider = createTwilioProvider({
    accountSid: ACCOUNT_SID,
    authToken: options.authToken ?? AUTH_TOKEN,
    baseUrl: harness.base,
    logger,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
  })
  return { app, provider, lines, ...harness }
}

const urls = (app: TwimlApp) => ({
  voiceUrl: `${app.url}/voice`,
  statusCallbackUrl: `${app.url}/status`,
})

t.test('rewrites only Twilio hosts onto the base URL', async (t) => {
  const base = 'http://127.0.0.1:8002/simulator'
  t.equal(
    rebaseTwilioUrl(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json?PageSize=5`, base),
    `${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json?PageSize=5`,
  )
  t.equal(rebaseTwilioUrl('https://example.com/x', base), 'https://example.com/x')
})

t.test('a reminder call placed through the twilio SDK', async (t) => {
  const { app, provider, sim } = await setup(t)
  app.route('/voice', '<Response><Gather numDigits="1" action="/gather"><Say>Press 1 to confirm</Say></Gather></Response>')
  app.route('/gather', '<Response><Say>Confirmed</Say></Response>')

  const placed = await provider.placeCall({ to: '+15559990001', from: FROM, timeoutSeconds: 30, ...urls(app) })
  t.match(placed, { sid: /^CA[0-9a-f]{32}$/, status: 'queued' })
  await sim.state.callSettled(placed.sid)

  const statuses = app.received('/status', placed.sid)
  t.same(statuses.map((s) => s.params.CallStatus), ['ringing', 'completed'], 'ringing and the end are reported; the voice webhook is the answer')
  t.equal(app.received('/gather', placed.sid)[0]?.params.Digits, '1')

  const fetched = await provider.fetchCall(placed.sid)
  t.equal(fetched.status, 'completed')
  t.equal(fetched.answeredBy, null)
  t.ok(typeof fetched.duration === 'number' && fetched.duration > 0, 'duration is a number of seconds')

  await t.test('validateWebhook checks X-Twilio-Signature against the public URL', async (t) => {
    const request = app.received('/gather', placed.sid)[0]!
    t.ok(provider.validateWebhook({ signature: request.signature, url: request.url, params: request.params }))
    t.notOk(provider.validateWebhook({ signature: request.signature, url: request.url, params: { ...request.params, Digits: '2' } }), 'tampered body')
    t.notOk(provider.validateWebhook({ signature: request.signature, url: 'https://evil.example/gather', params: request.params }), 'other URL')
    t.notOk(provider.validateWebhook({ signature: undefined, url: request.url, params: request.params }), 'missing signature')
  })
})

t.test('answering machine detection through the SDK', async (t) => {
  const { app, provider, base, sim } = await setup(t)
  app.route('/voice', '<Response><Say>Hello</Say><Pause length="10"/></Response>')
  await sendJson('PUT', `${base}/numbers/+15559990002`, { behavior: 'machine' })

  const placed = await provider.placeCall({
    to: '+15559990002',
    from: FROM,
    timeoutSeconds: 30,
    ...urls(app),
    asyncAmdStatusCallbackUrl: `${app.url}/amd`,
  })
  const amd = await app.waitFor('/amd', (r) => r.params.CallSid === placed.sid)
  t.equal(amd.params.AnsweredBy, 'machine_start', 'MachineDetection defaults to Enable when only the async URL is given')
  await sim.state.callSettled(placed.sid)
  t.equal((await provider.fetchCall(placed.sid)).answeredBy, 'machine_start')

  const sync = await provider.placeCall({ to: '+15559990002', from: FROM, timeoutSeconds: 30, ...urls(app), machineDetection: 'DetectMessageEnd' })
  await sim.state.callSettled(sync.sid)
  t.equal(app.received('/voice', sync.sid)[0]?.params.AnsweredBy, 'machine_end_beep')
})

t.test('hangup ends a live call', async (t) => {
  const { app, provider, sim } = await setup(t)
  app.route('/voice', '<Response><Pause length="600"/></Response>')
  const placed = await provider.placeCall({ to: '+15559990003', from: FROM, timeoutSeconds: 30, ...urls(app) })
  await app.waitFor('/voice', (r) => r.params.CallSid === placed.sid)
  await waitUntil(async () => (await provider.fetchCall(placed.sid)).status === 'in-progress')
  await provider.hangup(placed.sid)
  await sim.state.callSettled(placed.sid)
  t.equal((await provider.fetchCall(placed.sid)).status, 'completed')
})

t.test('sendSms through the SDK', async (t) => {
  const { app, provider } = await setup(t)
  const sent = await provider.sendSms({ to: '+15559990004', from: FROM, body: 'See you tomorrow', statusCallbackUrl: `${app.url}/sms-status` })
  t.match(sent, { sid: /^SM[0-9a-f]{32}$/, status: 'queued' })
  const delivered = await app.waitFor('/sms-status', (r) => r.params.MessageStatus === 'delivered')
  t.equal(delivered.params.MessageSid, sent.sid)
})

t.test('throttling is retried with backoff', async (t) => {
  const { app, provider, sim, lines } = await setup(t)
  app.route('/voice', '<Response><Hangup/></Response>')

  sim.state.setFault({ status: 429, count: 2 })
  const placed = await provider.placeCall({ to: '+15559990005', from: FROM, timeoutSeconds: 30, ...urls(app) })
  t.match(placed, { status: 'queued' }, 'succeeds after two 429s')
  const retries = lines.map((l) => JSON.parse(l) as { msg: string; status?: number; code?: number }).filter((l) => l.msg === 'twilio request throttled, retrying')
  t.same(retries.map((r) => [r.status, r.code]), [[429, 20429], [429, 20429]])

  sim.state.setFault({ status: 503, count: 1 })
  t.match(await provider.fetchCall(placed.sid), { sid: placed.sid }, 'a 503 is retried when fetching')
  sim.state.setFault({ status: 503, count: 1 })
  const ambiguous = await provider.sendSms({ to: '+15559990005', from: FROM, body: 'x' }).catch((e: unknown) => e)
  t.match(ambiguous, { status: 503 }, 'but not when creating: the text may have been sent (the caller finds out)')
  sim.state.setFault(null)

  sim.state.setFault({ status: 429, count: 10 })
  const error = await provider.placeCall({ to: '+15559990005', from: FROM, timeoutSeconds: 30, ...urls(app) }).catch((e: unknown) => e)
  t.ok(error instanceof TelephonyError, 'gives up with a TelephonyError')
  t.match(error, { status: 429, code: 20429, moreInfo: 'https://www.twilio.com/docs/errors/20429' })
  sim.state.setFault(null)
})

t.test("Twilio's errors surface with their code, message and status", async (t) => {
  const { app, provider, lines } = await setup(t)
  const invalid = await provider.placeCall({ to: 'not-a-number', from: FROM, timeoutSeconds: 30, ...urls(app) }).catch((e: unknown) => e)
  t.ok(invalid instanceof TelephonyError)
  t.match(invalid, { status: 400, code: 21211, message: /not a valid phone number/ })
  t.notOk(lines.some((l) => l.includes('retrying')), 'a 400 is not retried')

  const missing = await provider.fetchCall('CA' + '0'.repeat(32)).catch((e: unknown) => e)
  t.match(missing, { status: 404, code: 20404 })

  await t.test('network failures have no Twilio code', async (t) => {
    const offline = createTwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: 'http://127.0.0.1:1', logger: pino({ level: 'silent' }) })
    const error = await offline.fetchCall('CA' + '0'.repeat(32)).catch((e: unknown) => e)
    t.ok(error instanceof TelephonyError)
    t.match(error, { status: null, code: null })
  })
})

t.test('bad credentials are a 20003 error', async (t) => {
  const { app, provider } = await setup(t, { verifyAuth: true, authToken: 'wrong-token' })
  const error = await provider.placeCall({ to: '+15559990006', from: FROM, timeoutSeconds: 30, ...urls(app) }).catch((e: unknown) => e)
  t.match(error, { name: 'TelephonyError', status: 401, code: 20003 })
})

t.test('credentials never reach the logs', async (t) => {
  const output = allLogLines.join('')
  t.ok(output.includes('call placed') && output.includes('retrying'), 'the provider did log')
  t.notOk(output.includes(AUTH_TOKEN), 'the auth token is never logged')
  t.notOk(output.includes('wrong-token'), 'not even a wrong one')
  t.notMatch(output, /authorization|Basic [A-Za-z0-9+/=]{20,}/i, 'no Authorization header is logged')
})
