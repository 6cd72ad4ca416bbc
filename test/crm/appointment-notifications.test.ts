import t from 'tap'
import { sql } from 'drizzle-orm'
import { createTaskList } from '../../src/jobs/index.js'
import { addJob } from '../../src/queue/queue.js'
import { buildTestApp } from '../helpers/build.js'
import { startTestSmtpServer } from '../helpers/smtp.js'
import { eventually, startTestWorker } from '../helpers/worker.js'
import { configureDefaultOrganization, createManager, createOrganization } from './helpers.js'

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

t.test('appointment notifications over a real SMTP server', async (top) => {
  const t = top
  const smtp = await startTestSmtpServer(t)
  const { call, deps } = await buildTestApp(t, { SMTP_URL: smtp.url, MAIL_FROM: 'Praxis <praxis@example.org>' })
  await configureDefaultOrganization(call, { name: 'Praxis Dr. Mueller', phone: '+49 30 1234567', timezone: 'Europe/Berlin' })
  const contact = (await call({
    method: 'POST', url: '/contact/', as: 'manager', payload: {
      first_name: 'Anna',
      addresses: [
        { type: 'billing', street: 'Billing Rd', house_number: '9', city: 'Hamburg' },
        { type: 'home', street: 'Hauptstraße', house_number: '1', postal_code: '10115', city: 'Berlin', country: 'Germany' },
      ],
    },
  })).json()
  // 11:15–12:00 UTC is 12:15–13:00 in Berlin (winter)
  const appt = (await call({
    method: 'POST', url: '/appointment/', as: 'manager',
    // Anna has no phone number for reminders to call: this test is about the e-mail notifications alone.
    payload: { start_date: '2030-01-07T11:15:00Z', end_date: '2030-01-07T12:00:00Z', type: ['Checkup'], contact_uuid: contact.uuid, reminders_enabled: false },
  })).json()
  const apptLink = `http://localhost/appointment/${appt.uuid}/`
  const subject = 'Reminder: your appointment with Praxis Dr. Mueller on Monday, 7 January 2030 at 12:15'
  const delivered = (to: string) => smtp.received.filter((m) => m.to.includes(to))
  const jobCount = async () =>
    (await deps.db.execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send-appointment-notification'`)).rows[0]!.n

  t.test('create without sending: texts generated in local time, organization defaults', async (t) => {
    const res = await call({ method: 'POST', url: '/appointmentnotifications/', as: 'manager', payload: { appointment: apptLink, recipient: 'anna@example.com' } })
    t.equal(res.statusCode, 201, res.body)
    const n = res.json()
    t.match(n, {
      id: Number, url: `http://localhost/appointmentnotifications/${n.id}/`, recipient: 'anna@example.com', sent_at: null, send_at: null,
      send_notification: false, appointment: apptLink, org_name: 'Praxis Dr. Mueller', org_phone: '+49 30 1234567',
      status: 'draft', error: null, attempts: 0, subject,
    })
    t.match(n.message, /Date: Monday, 7 January 2030\nTime: 12:15 – 13:00 \(Europe\/Berlin\)\nAddress: Hauptstraße 1, 10115 Berlin, Germany/)
    t.match(n.message, /please call us at \+49 30 1234567/)
    t.equal(await jobCount(), 0, 'nothing queued')
    const given = await call({
      method: 'POST', url: '/appointmentnotifications/', as: 'manager',
      payload: { appointment: appt.uuid, recipient: 'anna@example.com', subject: 'Mine', message: 'My text', org_name: 'Other name' },
    })
    t.match(given.json(), { subject: 'Mine', message: 'My text', org_name: 'Other name' })
  })

  t.test('validation errors name the field', async (t) => {
    const other = await createOrganization(call, { name: 'Other' })
    await createManager(call, 'other', other)
    const foreign = (await call({ method: 'POST', url: '/appointment/', as: 'other', payload: { start_date: '2030-01-01T10:00:00Z', end_date: '2030-01-01T11:00:00Z', type: ['x'] } })).json()
    for (const [payload, field] of [
      [{ appointment: apptLink }, 'recipient'],
      [{ appointment: apptLink, recipient: '' }, 'recipient'],
      [{ appointment: apptLink, recipient: 'not-an-address' }, 'recipient'],
      [{ recipient: 'a@example.com' }, 'appointment'],
      [{ recipient: 'a@example.com', appointment: 'http://localhost/contact/1/' }, 'appointment'],
      [{ recipient: 'a@example.com', appointment: foreign.uuid }, 'appointment'],
      [{ recipient: 'a@example.com', appointment: appt.uuid, send_at: 'soon' }, 'send_at'],
      [{ recipient: 'a@example.com', appointment: appt.uuid, send_notification: 'maybe' }, 'send_notification'],
    ] as const) {
      const res = await call({ method: 'POST', url: '/appointmentnotifications/', as: 'manager', payload })
      t.equal(res.statusCode, 400, res.body)
      t.ok(res.json().error.fields?.[field], `names ${field}: ${res.body}`)
    }
  })

  t.test('delivered exactly once, however often the request or the job repeats', async (t) => {
    const created = await call({
      method: 'POST', url: '/appointmentnotifications/', as: 'manager',
      payload: { appointment: apptLink, recipient: 'once@example.com', send_notification: true },
    })
    t.equal(created.statusCode, 201)
    t.equal(created.json().status, 'pending', 'queued, not sent inside the request')
    t.equal(delivered('once@example.com').length, 0)
    const id = created.json().id
    // the request repeated before the worker runs: still one job
    await call({ method: 'PATCH', url: `/appointmentnotifications/${id}/`, as: 'manager', payload: { send_notification: true } })
    t.equal(await jobCount(), 1)

    // the job handler run twice at once, besides the worker's own run
    const handler = createTaskList(deps)['send-appointment-notification']!
    // the worker runs from here to the end of the file's test
    const worker = startTestWorker(top, deps)
    await Promise.all([
      handler({ notificationId: id }, {} as never),
      handler({ notificationId: id }, {} as never),
      worker,
    ])
    const sent = await eventually(async () => {
      const n = (await call({ method: 'GET', url: `/appointmentnotifications/${id}/`, as: 'manager' })).json()
      return n.status === 'sent' && (await jobCount()) === 0 ? n : null
    })
    t.match(sent, { status: 'sent', error: null, attempts: 1, subject })
    t.ok(Date.parse(sent.sent_at) > Date.now() - 60_000)

    // the request and the job repeated after sending
    const again = await call({ method: 'PATCH', url: `/appointmentnotifications/${id}/`, as: 'manager', payload: { send_notification: true, subject: 'Edited' } })
    t.match(again.json(), { status: 'sent', subject: 'Edited', sent_at: sent.sent_at })
    await deps.db.transaction((tx) => addJob(tx, 'send-appointment-notification', { notificationId: id }))
    await eventually(async () => (await jobCount()) === 0)
    await pause(300)

    const mails = delivered('once@example.com')
    t.equal(mails.length, 1, 'exactly one e-mail')
    t.equal(mails[0]!.subject, subject)
    t.match(mails[0]!.text, /Time: 12:15 – 13:00 \(Europe\/Berlin\)/)
    t.match(mails[0]!.text, /Address: Hauptstraße 1, 10115 Berlin, Germany/)
    t.match(mails[0]!.html, /12:15 – 13:00/)
    t.match(mails[0]!.headers['message-id'], new RegExp(`^<appointment-notification-${id}-\\d+@example\\.org>$`))
    t.equal(mails[0]!.from, 'praxis@example.org')
    const { rows } = await deps.database.pool.query(`select status from email_message where "to" = 'once@example.com'`)
    t.same(rows, [{ status: 'sent' }], 'logged once')
  })

  t.test('an SMTP failure is recorded and retried with backoff until delivered', async (t) => {
    smtp.failNext('flaky@example.com', 1, 451)
    const { id } = (await call({
      method: 'POST', url: '/appointmentnotifications/', as: 'manager',
      payload: { appointment: appt.uuid, recipient: 'flaky@example.com', send_notification: true, subject: 'Flaky', message: 'Hello' },
    })).json()
    const failed = await eventually(async () => {
      const n = (await call({ method: 'GET', url: `/appointmentnotifications/${id}/`, as: 'manager' })).json()
      return n.status === 'failed' ? n : null
    })
    t.match(failed, { status: 'failed', attempts: 1, sent_at: null, error: /temporarily unavailable/ })
    const sent = await eventually(async () => {
      const n = (await call({ method: 'GET', url: `/appointmentnotifications/${id}/`, as: 'manager' })).json()
      return n.status === 'sent' ? n : null
    }, 20_000)
    t.match(sent, { status: 'sent', attempts: 2, error: null })
    t.equal(delivered('flaky@example.com').length, 1)
    t.match(delivered('flaky@example.com')[0], { subject: 'Flaky', text: 'Hello' })
    const { rows } = await deps.database.pool.query(`select status from email_message where "to" = 'flaky@example.com' order by id`)
    t.same(rows.map((r) => r.status), ['failed', 'sent'])
  })

  t.test('send_at holds it; clearing send_at sends now; send_notification=false cancels', async (t) => {
    const later = new Date(Date.now() + 3600_000).toISOString()
    const held = (await call({
      method: 'POST', url: '/appointmentnotifications/', as: 'manager',
      payload: { appointment: appt.uuid, recipient: 'later@example.com', send_notification: true, send_at: later },
    })).json()
    t.equal(held.status, 'pending')
    t.equal(Date.parse(held.send_at), Date.parse(later))
    await pause(500)
    t.equal(delivered('later@example.com').length, 0, 'not before send_at')
    await call({ method: 'PATCH', url: `/appointmentnotifications/${held.id}/`, as: 'manager', payload: { send_at: null } })
    await eventually(async () => delivered('later@example.com').length === 1)

    const cancelled = (await call({
      method: 'POST', url: '/appointmentnotifications/', as: 'manager',
      payload: { appointment: appt.uuid, recipient: 'never@example.com', send_notification: true, send_at: later },
    })).json()
    const off = await call({ method: 'PATCH', url: `/appointmentnotifications/${cancelled.id}/`, as: 'manager', payload: { send_notification: false } })
    t.equal(off.json().status, 'draft')
    t.equal(await jobCount(), 0, 'its job is gone')
  })

  t.test('PUT replaces, PATCH changes what is given; list and delete', async (t) => {
    const n = (await call({
      method: 'POST', url: '/appointmentnotifications/', as: 'manager',
      payload: { appointment: appt.uuid, recipient: 'edit@example.com', subject: 'Custom', org_name: 'Custom org' },
    })).json()
    const url = `/appointmentnotifications/${n.id}/`
    const patched = await call({ method: 'PATCH', url, as: 'manager', payload: { recipient: 'edited@example.com' } })
    t.match(patched.json(), { recipient: 'edited@example.com', subject: 'Custom', org_name: 'Custom org' })
    const putMissing = await call({ method: 'PUT', url, as: 'manager', payload: { recipient: 'x@example.com' } })
    t.equal(putMissing.statusCode, 400)
    t.ok(putMissing.json().error.fields.appointment)
    const put = await call({ method: 'PUT', url, as: 'manager', payload: { recipient: 'put@example.com', appointment: apptLink } })
    t.equal(put.statusCode, 200)
    t.match(put.json(), { recipient: 'put@example.com', subject, org_name: 'Praxis Dr. Mueller', send_notification: false })
    const bad = await call({ method: 'PATCH', url, as: 'manager', payload: { recipient: 'nope' } })
    t.equal(bad.statusCode, 400)
    t.ok(bad.json().error.fields.recipient)

    const list = await call({ method: 'GET', url: '/appointmentnotifications/?ordering=-id', as: 'manager' })
    t.equal(list.statusCode, 200)
    t.ok(Array.isArray(list.json()), 'a plain list, as in the original')
    const ids = list.json().map((x: { id: number }) => x.id)
    t.same(ids, [...ids].sort((a, b) => b - a))
    const filtered = (await call({ method: 'GET', url: `/appointmentnotifications/?appointment=${appt.uuid}&status=sent`, as: 'manager' })).json()
    t.ok(filtered.length >= 3 && filtered.every((x: { status: string }) => x.status === 'sent'))
    t.equal((await call({ method: 'GET', url: '/appointmentnotifications/?ordering=recipient', as: 'manager' })).statusCode, 400)

    t.equal((await call({ method: 'DELETE', url, as: 'manager' })).statusCode, 204)
    t.equal((await call({ method: 'GET', url, as: 'manager' })).statusCode, 404)
  })
})

t.test('without SMTP_URL the notification goes to the outbox, once', async (t) => {
  const { call, deps } = await buildTestApp(t)
  await startTestWorker(t, deps)
  const appt = (await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: { start_date: '2030-06-03T08:00:00Z', end_date: '2030-06-03T09:00:00Z', type: ['x'], address: 'Room 4', timezone: 'Asia/Tokyo' } })).json()
  const { id } = (await call({ method: 'POST', url: '/appointmentnotifications/', as: 'manager', payload: { appointment: appt.uuid, recipient: 'box@example.com', send_notification: true } })).json()
  const n = await eventually(async () => {
    const got = (await call({ method: 'GET', url: `/appointmentnotifications/${id}/`, as: 'manager' })).json()
    return got.status === 'sent' ? got : null
  })
  t.match(n.subject, /on Monday, 3 June 2030 at 17:00$/)
  const { rows } = await deps.database.pool.query(`select status, subject, text from email_message where "to" = 'box@example.com'`)
  t.equal(rows.length, 1)
  t.equal(rows[0].status, 'stored')
  t.match(rows[0].text, /Time: 17:00 – 18:00 \(Asia\/Tokyo\)\nAddress: Room 4/)
})
