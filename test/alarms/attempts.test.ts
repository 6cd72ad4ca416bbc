// Attempts and their outcomes: retries after busy, the failure SMS, success on a retry, SMS and e-mail alarms that
// follow real delivery, and the signed url_confirm / url_cancel posts.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { startTestSmtpServer } from '../helpers/smtp.js'
import { eventually } from '../helpers/worker.js'
import { addJob } from '../../src/queue/queue.js'
import { verifyWebhook, webhookSigningKey } from '../../src/alarms/webhooks/webhook-signature.js'
import { alarmRow, DATA, inMs, makeAlarm, makeCalendar, makeEvent, plannedAt, query, requestsOf, settled, sleep } from './helpers.js'

t.test('call attempts', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const { state } = server.simulator

  t.test('busy three times: three requests, then the failure SMS', async (t) => {
    const ev = await makeEvent(server, cal, { data: { ...DATA, sms_failure: 'Could not reach {first_name} at #alarm_phonenumber# after #num_attempt# tries' } })
    state.setNumber('+15557100001', { behavior: 'busy' })
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(1000).toISOString(), alarm_phonenumber: '+15557100001',
      maxretry: 2, retry_delay: 1, phonenumber_sms_failure: '+15557100099',
    })
    const done = await settled(server, a.id, [3, 5, 6, 7], 30_000)
    t.match(done, { status: 3, num_attempt: 3, result: 0 })
    const requests = await requestsOf(server, a.id)
    t.same(requests.map((r) => [r.status, r.callstatus]), [[4, 5], [4, 5], [3, 5]], 'retry, retry, failure — each busy')
    t.equal(state.calls({ to: '+15557100001' }).length, 3, 'dialled three times, once per attempt')
    const gaps = requests.slice(1).map((r, i) => r.date.getTime() - requests[i]!.date.getTime())
    t.ok(gaps.every((g) => g >= 1000), `each retry at least retry_delay after the previous attempt (${gaps.join(', ')} ms)`)
    const sms = await eventually(async () => state.messages({ to: '+15557100099' })[0])
    t.equal(sms.body, 'Could not reach Ada at +15557100001 after 3 tries', 'its {tags} filled like any other text')
    t.equal(state.messages({ to: '+15557100099' }).length, 1, 'one failure SMS')
    t.equal(state.messages({ to: '+15557100001' }).length, 0, 'only to phonenumber_sms_failure: nothing texted to the number called')
    t.same(requests.map((r) => r.reason), ['busy', 'busy', 'busy'], 'each attempt keeps why it failed')
    const api = (await server.call({ method: 'GET', url: `/rest-api/alarm-request/${requests[2]!.id}/`, as: cal.manager })).json()
    t.match(api, { reason: 'busy', failure_reason: 'the line was busy', retry_at: null })
    const first = (await server.call({ method: 'GET', url: `/rest-api/alarm-request/${requests[0]!.id}/`, as: cal.manager })).json()
    t.ok(Date.parse(first.retry_at) > requests[0]!.date.getTime(), 'a retried attempt says when the next is due')
    t.match((await server.call({ method: 'GET', url: `/rest-api/alarm/${a.id}/`, as: cal.manager })).json(), { failure_reason: 'the line was busy' })
  })

  t.test('the default failure text', async (t) => {
    const ev = await makeEvent(server, cal)
    state.setNumber('+15557100002', { behavior: 'no-answer' })
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557100002', phonenumber_sms_failure: '+15557100098',
    })
    t.match(await settled(server, a.id), { status: 3, num_attempt: 1 })
    t.same((await requestsOf(server, a.id)).map((r) => [r.status, r.callstatus]), [[3, 7]])
    const sms = await eventually(async () => state.messages({ to: '+15557100098' })[0])
    t.equal(sms.body, "we haven't been able to reach '+15557100002' after trying 1 times")
  })

  t.test('a retry that would come after the event has started: the alarm fails at once, with the failure SMS', async (t) => {
    // The event starts in an hour; retry_delay is two hours, so a retry could only be expired on arrival.
    const ev = await makeEvent(server, cal)
    state.setNumber('+15557100008', { behavior: 'busy' })
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557100008',
      maxretry: 3, retry_delay: 7200, phonenumber_sms_failure: '+15557100096',
    })
    const [first] = await eventually(async () => {
      const rows = await requestsOf(server, a.id)
      return rows.length > 0 && rows[0].status !== 2 ? rows : null
    }, 20_000)
    t.match(first, { status: 3, callstatus: 5 }, 'the attempt is a failure, not a retry')
    t.match(await alarmRow(server, a.id), { status: 3, num_attempt: 1 }, 'the alarm failed after one attempt of four allowed')
    t.equal(await plannedAt(server, a.id), undefined, 'no retry is planned')
    const sms = await eventually(async () => state.messages({ to: '+15557100096' })[0], 20_000)
    t.equal(sms.body, "we haven't been able to reach '+15557100008' after trying 1 times")
    t.equal(state.calls({ to: '+15557100008' }).length, 1)
  })

  t.test('busy, then answered on the second attempt', async (t) => {
    const ev = await makeEvent(server, cal)
    state.setNumber('+15557100003', { behavior: 'busy' })
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557100003', maxretry: 3, retry_delay: 2,
      phonenumber_sms_failure: '+15557100097',
    })
    await eventually(async () => (await requestsOf(server, a.id))[0]?.status === 4)
    state.setNumber('+15557100003', { behavior: 'answer', presses: ['2'] })
    const done = await settled(server, a.id)
    t.match(done, { status: 5, num_attempt: 2, result: 2 })
    t.same((await requestsOf(server, a.id)).map((r) => [r.status, r.callstatus]), [[4, 5], [5, 4]])
    const second = (await requestsOf(server, a.id))[1]
    t.ok(second.duration > 0, 'duration filled')
    t.equal(state.messages({ to: '+15557100097' }).length, 0, 'no failure SMS after a success')
  })

  t.test('a machine on a human-only calendar is a failed attempt', async (t) => {
    const humanOnly = await makeCalendar(server, { setting: { voicemail: true, amd_behavior: 2 } })
    const ev = await makeEvent(server, humanOnly)
    state.setNumber('+15557100004', { behavior: 'machine' })
    const a = await makeAlarm(server, humanOnly, { event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557100004' })
    t.match(await settled(server, a.id), { status: 3, num_attempt: 1 })
    const [c] = await query(server, 'select c.answered_by, c.amd_behavior from call c join alarm_request r on r.call_id = c.id where r.alarm_id = $1', [a.id])
    t.match(c, { answered_by: /^machine/, amd_behavior: 2 })
  })

  t.test('SMS alarm: a tag without a value is refused; tags filled, success follows delivery', async (t) => {
    const ev = await makeEvent(server, cal, { data: { first_name: 'Ada', clinic: 'Mitte Clinic' } })
    const refused = await server.call({
      method: 'POST', url: '/rest-api/alarm/', as: cal.manager,
      payload: { event: ev.id, method: 2, alarm_phonenumber: '+15557100005', sms_template: 'Hi {first_name}, {unknown} and {other}.' },
    })
    t.equal(refused.statusCode, 400)
    t.same(refused.json().data.slice().sort(), ['no value for {other}', 'no value for {unknown}'], 'each tag without a value named (DRF: under data)')
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557100005',
      sms_template: 'Hi {first_name}, see you at {clinic} on {start_date}.',
    })
    const done = await settled(server, a.id)
    t.match(done, { status: 5, num_attempt: 1 })
    const [msg] = state.messages({ to: '+15557100005' })
    t.match(msg!.body, /^Hi Ada, see you at Mitte Clinic on \d{4}-\d\d-\d\d\.$/)
    t.equal(msg!.status, 'delivered')
    const [row] = await query(server, 'select m.status, m.alarm_request_id from sms_message m join alarm_request r on r.id = m.alarm_request_id where r.alarm_id = $1', [a.id])
    t.equal(row.status, 'delivered', 'the alarm succeeded only once the carrier reported delivery')
    t.same((await requestsOf(server, a.id)).map((r) => r.status), [5])
  })

  t.test('SMS alarm: undelivered is a failed attempt, retried', async (t) => {
    const ev = await makeEvent(server, cal)
    state.setNumber('+15557100006', { behavior: 'fail' })
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557100006',
      sms_template: 'Reminder', maxretry: 1, retry_delay: 1,
    })
    t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 3, num_attempt: 2 })
    t.same((await requestsOf(server, a.id)).map((r) => r.status), [4, 3])
    t.equal(state.messages({ to: '+15557100006' }).length, 2)
  })

  t.test('SMS alarm to a do-not-contact number: never texted, fails without retry', async (t) => {
    await query(server, `insert into do_not_contact (organization_id, phone_number) values (1, '+15557100007')`)
    const ev = await makeEvent(server, cal)
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557100007', sms_template: 'Reminder', maxretry: 2,
    })
    t.match(await settled(server, a.id), { status: 3, num_attempt: 1 })
    t.equal(state.messages({ to: '+15557100007' }).length, 0)
  })

  t.test('SMS alarms whose status callbacks are lost: at the deadline the carrier is asked', async (t) => {
    const ev = await makeEvent(server, cal)
    const cases = [
      { number: '+15557100011', behavior: 'answer', carrier: 'delivered', alarm: 5 },
      { number: '+15557100012', behavior: 'fail', carrier: 'undelivered', alarm: 3 },
    ] as const
    for (const c of cases) {
      state.setNumber(c.number, { behavior: c.behavior, drop_callbacks: true })
      const a = await makeAlarm(server, cal, {
        event: ev.id, method: 2, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: c.number, sms_template: 'Reminder', maxretry: 0,
      })
      await eventually(async () => state.messages({ to: c.number })[0]?.status === c.carrier)
      const [sms] = await query(server, `select m.id, m.status from sms_message m join alarm_request r on r.id = m.alarm_request_id
        where r.alarm_id = $1`, [a.id])
      t.notOk(['delivered', 'undelivered'].includes(sms.status), `${c.carrier} at the carrier, but Tocsin never heard (${sms.status})`)
      // Ten minutes pass: the delivery deadline.
      await query(server, `update sms_message set created_at = created_at - interval '10 minutes' where id = $1`, [sms.id])
      await addJob(server.deps.db, 'sms-finished', { smsId: sms.id })
      t.match(await settled(server, a.id), { status: c.alarm }, `the alarm follows the carrier: ${c.carrier}`)
      t.equal((await query(server, 'select status from sms_message where id = $1', [sms.id]))[0].status, c.carrier)
    }
  })
})

t.test('e-mail alarms go through SMTP', async (t) => {
  const smtp = await startTestSmtpServer(t)
  const server = await startTestServer(t, { SMTP_URL: smtp.url }, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal, { title: 'Dentist' })

  t.test('sent, with {tags} filled', async (t) => {
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 3, date_start_notice: inMs(800).toISOString(), alarm_email: 'ada@example.com',
      mail_subject: 'Reminder: {title}', mail_text: 'Hello {first_name}, {title} at {clinic} starts at {start_time}.',
    })
    t.match(await settled(server, a.id), { status: 5, num_attempt: 1 })
    const mail = smtp.received.find((m) => m.to.includes('ada@example.com'))!
    t.equal(mail.subject, 'Reminder: Dentist')
    t.match(mail.text, /^Hello Ada, Dentist at Mitte Clinic starts at \d\d:\d\d\.$/)
    const [row] = await query(server, `select status, message_id from email_message where "to" = 'ada@example.com'`)
    t.match(row, { status: 'sent', message_id: /^<alarm-request-\d+@/ })
  })

  t.test('refused for good (5xx): a failed attempt, not retried', async (t) => {
    smtp.failNext('bob@example.com', 5, 550)
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 3, date_start_notice: inMs(800).toISOString(), alarm_email: 'bob@example.com',
      mail_subject: 'Reminder', mail_text: 'Hello', maxretry: 2, retry_delay: 1,
    })
    t.match(await settled(server, a.id), { status: 3, num_attempt: 1 })
    t.same((await requestsOf(server, a.id)).map((r) => r.status), [3])
  })

  t.test('a temporary refusal (4xx) is retried by the job and then sent', async (t) => {
    smtp.failNext('cy@example.com', 1, 451)
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 3, date_start_notice: inMs(800).toISOString(), alarm_email: 'cy@example.com',
      mail_subject: 'Reminder', mail_text: 'Hello',
    })
    t.match(await settled(server, a.id, [3, 5, 6, 7], 30_000), { status: 5, num_attempt: 1 })
    t.equal(smtp.received.filter((m) => m.to.includes('cy@example.com')).length, 1)
    const rows = await query(server, `select status from email_message where "to" = 'cy@example.com' order by id`)
    t.same(rows.map((r) => r.status), ['failed', 'sent'], 'both tries are in the mail log')
  })
})

t.test('url_confirm and url_cancel receive a signed POST', async (t) => {
  const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = []
  let failFirst = 1
  const hook = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => {
      received.push({ url: req.url!, headers: req.headers, body })
      // The first delivery meets a 503: it is retried.
      if (failFirst-- > 0) { res.statusCode = 503; return res.end() }
      res.statusCode = 204
      res.end()
    })
  })
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
  t.teardown(() => new Promise<void>((r) => hook.close(() => r())))
  const base = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`

  const server = await startTestServer(t, { OUTBOUND_URL_ALLOW: '127.0.0.1' }, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal)
  const { state } = server.simulator
  const key = webhookSigningKey(server.deps.config.secretKey)

  state.setNumber('+15557200001', { behavior: 'answer', presses: ['1'] })
  state.setNumber('+15557200002', { behavior: 'answer', presses: ['2'] })
  const confirm = await makeAlarm(server, cal, {
    event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557200001',
    url_confirm: `${base}/confirm`, url_cancel: `${base}/cancel`,
  })
  const cancel = await makeAlarm(server, cal, {
    event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557200002',
    url_confirm: `${base}/confirm`, url_cancel: `${base}/cancel`,
  })
  t.match(await settled(server, confirm.id), { status: 5, result: 1 })
  t.match(await settled(server, cancel.id), { status: 5, result: 2 })
  await eventually(async () => received.filter((r) => r.headers['x-tocsin-signature']).length >= 3, 20_000)
  const delivered = (path: string) => received.filter((r) => r.url === path)
  const confirmPosts = delivered('/confirm')
  const cancelPosts = delivered('/cancel')
  t.equal(confirmPosts.length + cancelPosts.length, 3, 'two deliveries, one of them retried after a 503')
  for (const post of [...confirmPosts, ...cancelPosts]) {
    t.ok(verifyWebhook(key, post.headers['x-tocsin-signature'] as string, post.body), 'a valid signature')
    t.notOk(verifyWebhook(key, post.headers['x-tocsin-signature'] as string, post.body + ' '), 'which covers the body')
    t.equal(post.headers['content-type'], 'application/json')
  }
  const bodyOf = (posts: typeof received) => JSON.parse(posts.at(-1)!.body)
  t.match(bodyOf(confirmPosts), { type: 'alarm.confirmed', alarm: { id: confirm.id, result: 1, alarm_phonenumber: '+15557200001' }, event: { id: ev.id } })
  t.match(bodyOf(cancelPosts), { type: 'alarm.cancelled', alarm: { id: cancel.id, result: 2 } })
  const deliveries = new Set([...confirmPosts, ...cancelPosts].map((p) => p.headers['x-tocsin-delivery']))
  t.equal(deliveries.size, 2, 'a retry keeps its delivery id')
})

t.test('webhooks to internal addresses are refused unless allowed', async (t) => {
  let hits = 0
  const hook = createServer((_req, res) => { hits++; res.end() })
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
  t.teardown(() => new Promise<void>((r) => hook.close(() => r())))
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal)
  server.simulator.state.setNumber('+15557200003', { behavior: 'answer', presses: ['1'] })
  const port = (hook.address() as AddressInfo).port
  const internal = `http://localhost:${port}/confirm`
  // Every spelling of loopback (the probe found `[::7f00:1]` let through), on create and on update, for both hooks.
  for (const url of [internal, `http://127.0.0.1:${port}/`, `http://[::7f00:1]:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://[::1]:${port}/`]) {
    for (const field of ['url_confirm', 'url_cancel']) {
      const refused = await server.call({
        method: 'POST', url: '/rest-api/alarm/', as: cal.manager,
        payload: { event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557200003', [field]: url },
      })
      t.equal(refused.statusCode, 400, `the API refuses ${field} ${url} when it is given`)
      t.match(refused.json()[field], [/loopback address; name it in OUTBOUND_URL_ALLOW/])
    }
  }
  const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(800).toISOString(), alarm_phonenumber: '+15557200003' })
  const patched = await server.call({ method: 'PATCH', url: `/rest-api/alarm/${a.id}/`, as: cal.manager, payload: { url_confirm: `http://[::7f00:1]:${port}/` } })
  t.equal(patched.statusCode, 400, 'and on update')
  t.ok(patched.json().url_confirm)
  // As if it had been allowed when it was saved: the post is refused again when it is made.
  await query(server, 'update alarm set url_confirm = $1 where id = $2', [`http://[::7f00:1]:${port}/confirm`, a.id])
  t.match(await settled(server, a.id), { status: 5, result: 1 })
  await eventually(async () => (await server.deps.metrics.registry.metrics()).includes('tocsin_alarm_webhooks_total{outcome="refused"} 1'))
  await sleep(300)
  t.equal(hits, 0, 'localhost never received the post')
})
