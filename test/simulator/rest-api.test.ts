import t from 'tap'
import { ACCOUNT_SID, AUTH_TOKEN, callForm, FROM, getJson, restClient, sendJson, startSimulator, startTwimlApp } from './fixtures/harness.js'

t.test('credentials', async (t) => {
  const app = await startTwimlApp(t)
  const { base, api } = await startSimulator(t, {
    verifyAuth: (sid, token) => sid === ACCOUNT_SID && token === AUTH_TOKEN,
  })

  const wrongToken = await api.createCall(callForm(app, '+15556660001'), { sid: ACCOUNT_SID, token: 'nope' })
  t.equal(wrongToken.status, 401)
  t.same(wrongToken.json, {
    code: 20003,
    message: 'Authenticate',
    more_info: 'https://www.twilio.com/docs/errors/20003',
    status: 401,
  })

  const noAuth = await fetch(`${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`, { method: 'POST' })
  t.equal(noAuth.status, 401)
  t.equal(noAuth.headers.get('www-authenticate'), 'Basic realm="Twilio API"')

  const otherAccount = await api.createCall(callForm(app, '+15556660001'), { sid: 'AC' + '9'.repeat(32), token: AUTH_TOKEN })
  t.equal(otherAccount.status, 401, 'credentials of another account are refused')

  const authorised = await restClient(base).fetchCall('CA' + 'f'.repeat(32))
  t.equal(authorised.status, 404, 'good credentials reach the resource')
  t.equal(authorised.json.code, 20404)
})

t.test('validation errors use Twilio codes', async (t) => {
  const app = await startTwimlApp(t)
  const { api } = await startSimulator(t)
  const cases: Array<[Record<string, string | string[]>, number]> = [
    [callForm(app, '555-1234'), 21211],
    [callForm(app, '+15556660002', { From: 'Tocsin' }), 21212],
    [{ ...callForm(app, '+15556660002'), Url: 'not a url' }, 21205],
    [{ From: FROM, Url: `${app.url}/voice` }, 21201],
  ]
  for (const [form, code] of cases) {
    const { status, json } = await api.createCall(form)
    t.equal(status, 400)
    t.equal(json.code, code, `code ${code}`)
    t.equal(json.more_info, `https://www.twilio.com/docs/errors/${code}`)
  }
  t.match(await api.createMessage({ To: 'bad', From: FROM, Body: 'x' }), { status: 400, json: { code: 21211 } })
  t.match(await api.createMessage({ To: '+15556660003', From: 'bad', Body: 'x' }), { status: 400, json: { code: 21212 } })
  t.match(await api.createMessage({ To: '+15556660003', From: FROM }), { status: 400, json: { code: 21602 } })
  t.match(await api.fetchMessage('SM' + '0'.repeat(32)), { status: 404, json: { code: 20404, status: 404 } })
  t.match(await api.updateCall('CA' + '0'.repeat(32), { Status: 'completed' }), { status: 404, json: { code: 20404 } })
})

t.test('callee scripts over HTTP', async (t) => {
  const { base } = await startSimulator(t)
  const number = encodeURIComponent('+15556660004')
  t.match(await getJson(`${base}/numbers/${number}`), { scripted: false, behavior: 'answer', presses: ['1'] })

  const put = await sendJson('PUT', `${base}/numbers/+15556660004`, { behavior: 'machine', presses: ['2', 3, 'silence'], ring_seconds: 4 })
  t.equal(put.status, 200)
  t.match(await getJson(`${base}/numbers/${number}`), {
    number: '+15556660004',
    scripted: true,
    behavior: 'machine',
    presses: ['2', '3', 'silence'],
    ring_seconds: 4,
    talk_seconds: 5,
    drop_callbacks: false,
  })

  const bad = await sendJson('PUT', `${base}/numbers/+15556660004`, { behavior: 'sing', presses: 'one', ring_seconds: -1 })
  t.equal(bad.status, 400)
  t.match(bad.json, { error: { code: 'validation_failed', fields: { behavior: String, presses: String, ring_seconds: String } } })
  t.equal((await sendJson('PUT', `${base}/numbers/5551234`, {})).status, 400, 'numbers must be E.164')

  t.equal((await sendJson('DELETE', `${base}/numbers`)).status, 204)
  t.match(await getJson(`${base}/numbers/${number}`), { scripted: false })
})

t.test('injected faults answer 429 the way Twilio throttles', async (t) => {
  const app = await startTwimlApp(t)
  const { base, api } = await startSimulator(t)
  t.match(await sendJson('PUT', `${base}/faults`, { status: 429, count: 2 }), { status: 200, json: { fault: { status: 429, count: 2 } } })
  t.match(await api.createCall(callForm(app, '+15556660005')), { status: 429, json: { code: 20429, status: 429 } })
  t.match(await getJson(`${base}/faults`), { fault: { count: 1 } })
  t.match(await api.createCall(callForm(app, '+15556660005')), { status: 429 })
  t.match(await api.createCall(callForm(app, '+15556660005')), { status: 201 }, 'faults run out')

  t.equal((await sendJson('PUT', `${base}/faults`, { status: 418 })).status, 400)
  await sendJson('PUT', `${base}/faults`, { status: 503, count: 5 })
  t.equal((await sendJson('DELETE', `${base}/faults`)).status, 204)
  t.match(await getJson(`${base}/faults`), { fault: null })
})
