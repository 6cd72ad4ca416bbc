import t from 'tap'
import { callForm, FROM, getJson, sendJson, startSimulator, startTwimlApp } from './fixtures/harness.js'

const more = (code: number) => `https://www.twilio.com/docs/errors/${code}`

t.test('a number scripted with an error code refuses creates with Twilio status, code and words', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base } = await startSimulator(t)
  const cases: Array<[number, string, number, RegExp]> = [
    [21211, '+15558880001', 400, /^The 'To' number \+15558880001 is not a valid phone number\.$/],
    [21215, '+15558880002', 400, /^Account not authorized to call \+15558880002\./],
    [13224, '+15558880003', 400, /does not support calling this number/],
    [20429, '+15558880004', 429, /^Too Many Requests$/],
    [22005, '+15558880005', 400, /22005/],
  ]
  for (const [code, number, status, message] of cases) {
    t.equal((await sendJson('PUT', `${base}/numbers/${number}`, { behavior: 'fail', error_code: code })).status, 200)
    const created = await api.createCall(callForm(app, number))
    t.equal(created.status, status, `${code}: HTTP ${status}`)
    t.match(created.json, { code, status, message, more_info: more(code) }, `${code}: Twilio's error body`)
  }
  const { calls } = await getJson<{ calls: unknown[] }>(`${base}/calls`)
  t.equal(calls.length, 0, 'no refused create placed a call')
})

t.test('caller-ID and sender codes belong to the From number: 21210 fails every call from it', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/${FROM}`, { error_code: 21210 })
  for (const to of ['+15558880011', '+15558880012']) {
    const created = await api.createCall(callForm(app, to))
    t.equal(created.status, 400)
    t.match(created.json, { code: 21210, message: new RegExp(`^The source phone number provided, \\${FROM}, is not yet verified`) })
  }
  const other = await api.createCall(callForm(app, '+15558880013', { From: '+15550001999' }))
  t.equal(other.status, 201, 'another caller ID still works')
  // A text from the same number is not a caller-ID matter.
  t.equal((await api.createMessage({ To: '+15558880013', From: FROM, Body: 'hi' })).status, 201)
})

t.test('texts: 21610 for an opted-out recipient, 21611 for a full sender queue; neither touches calls', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/+15558880021`, { error_code: 21610 })
  const stop = await api.createMessage({ To: '+15558880021', From: FROM, Body: 'Reminder' })
  t.equal(stop.status, 400)
  t.match(stop.json, { code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: more(21610) })
  t.equal((await api.createCall(callForm(app, '+15558880021'))).status, 201, 'a call to the opted-out number is not a text')

  await sendJson('PUT', `${base}/numbers/+15550002000`, { error_code: 21611 })
  const full = await api.createMessage({ To: '+15558880022', From: '+15550002000', Body: 'Reminder' })
  t.equal(full.status, 429)
  t.match(full.json, { code: 21611, message: 'SMS queue is full.' })
})

t.test('error_code is checked: only simulated codes, or null to clear it', async (t) => {
  const { base } = await startSimulator(t)
  const bad = await sendJson('PUT', `${base}/numbers/+15558880031`, { error_code: 12345 })
  t.equal(bad.status, 400)
  t.match(bad.json, { error: { code: 'validation_failed', fields: { error_code: String } } })
  t.match((await sendJson('PUT', `${base}/numbers/+15558880031`, { error_code: null })).json, { error_code: null })
})

t.test('the calls list: Twilio filters, newest first, in pages', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base } = await startSimulator(t)
  await sendJson('PUT', `${base}/numbers/+15558880041`, { behavior: 'busy' })
  const sids: string[] = []
  for (let i = 0; i < 3; i++) sids.push((await api.createCall(callForm(app, '+15558880041'))).json.sid)
  await api.createCall(callForm(app, '+15558880042'))
  const list = async (query: string) => {
    const response = await fetch(`${base}/2010-04-01/Accounts/${(await api.fetchCall(sids[0]!)).json.account_sid}/Calls.json?${query}`, {
      headers: { authorization: 'Basic ' + Buffer.from(`AC${'0'.repeat(31)}1:test-auth-token-0123456789abcdef`).toString('base64') },
    })
    return (await response.json()) as { calls: Array<{ sid: string; to: string }>; next_page_uri: string | null; page_size: number }
  }
  const first = await list(`To=${encodeURIComponent('+15558880041')}&PageSize=2`)
  t.same(first.calls.map((c) => c.sid), [sids[2], sids[1]], 'newest first, filtered by To')
  t.match(first.next_page_uri, /Page=1/)
  const second = await list(`To=${encodeURIComponent('+15558880041')}&PageSize=2&Page=1`)
  t.same(second.calls.map((c) => c.sid), [sids[0]])
  t.equal(second.next_page_uri, null)
  t.equal((await list(`From=${encodeURIComponent('+15550009999')}`)).calls.length, 0)
})
