import t from 'tap'
import { FROM, getJson, sendJson, startSimulator, startTwimlApp } from './fixtures/harness.js'

t.test('a text is queued, sent and delivered with signed callbacks', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base } = await startSimulator(t)
  const created = await api.createMessage({ To: '+15557770001', From: FROM, Body: 'Reminder: dentist tomorrow at 9', StatusCallback: `${app.url}/sms-status` })
  t.equal(created.status, 201)
  t.match(created.json, { status: 'queued', direction: 'outbound-api', body: 'Reminder: dentist tomorrow at 9', num_segments: '1' })
  t.match(created.json.sid, /^SM[0-9a-f]{32}$/)

  await app.waitFor('/sms-status', (r) => r.params.MessageStatus === 'delivered')
  const callbacks = app.received('/sms-status')
  t.same(callbacks.map((c) => c.params.MessageStatus), ['queued', 'sent', 'delivered'])
  t.ok(callbacks.every((c) => c.validSignature))
  t.match(callbacks[2]?.params, { MessageSid: created.json.sid, SmsSid: created.json.sid, To: '+15557770001', From: FROM, AccountSid: created.json.account_sid })
  t.notOk('ErrorCode' in (callbacks[2]?.params ?? {}))

  t.match((await api.fetchMessage(created.json.sid)).json, { status: 'delivered', error_code: null, date_sent: String })
  const { messages } = await getJson<{ messages: Array<{ sid: string; status_history: Array<{ status: string }> }> }>(
    `${base}/messages?to=${encodeURIComponent('+15557770001')}`,
  )
  t.same(messages[0]?.status_history.map((s) => s.status), ['queued', 'sent', 'delivered'])
})

t.test("a number scripted to fail gets 'undelivered' with error 30003", async (t) => {
  const app = await startTwimlApp(t)
  const { api, base } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/+15557770002`, { behavior: 'fail' })
  const created = await api.createMessage({ To: '+15557770002', From: FROM, Body: 'Hello', StatusCallback: `${app.url}/sms-status` })
  const last = await app.waitFor('/sms-status', (r) => r.params.MessageStatus === 'undelivered')
  t.equal(last.params.ErrorCode, '30003')
  t.match((await api.fetchMessage(created.json.sid)).json, { status: 'undelivered', error_code: 30003, error_message: 'Unreachable destination handset' })
})
