// appointment/tests/test_notifications.py, translated as test/compat/crm/harness.ts describes.
// AppointmentNotificationEMail is what Tocsin's delivery job does: `notify_recipient()` is asking
// for the notification to be sent (send_notification), `generate_message()` is creating one with
// no subject and message, whose generated texts the API then shows. The appointments there have no
// organization; here they are in one the caller works in (an organization first seen in a token,
// so with the original's settings: Europe/Berlin, German).
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { compat, mailsAfter, newSession } from './harness.js'
import { utc } from './python.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

async function setUp(t: { teardown(fn: () => unknown): void }, env: Record<string, string> = {}) {
  const c = await compat(t, env)
  const session = newSession()
  return { c, session, org: session.jwt_organization_uuid }
}

const appointmentAttrs = (org: string, start = utc(2018, 1, 1, 12, 15), end = utc(2018, 1, 1, 12, 30)) => ({
  owner: randomUUID(), name: 'Test Name 2', start_date: start, end_date: end, address: 'Oderberger Straße 16A',
  invitee_uuids: [randomUUID()], type: ['Test Type'], organization_uuid: org,
})

t.test('AppointmentNotificationEmailTest.test_mail', async (t) => {
  const { c, session, org } = await setUp(t, { SMTP: 'yes' })
  const smtp = await c.mail()
  const contact = await c.f.contact({ organization_uuid: org })
  const appointment = await c.f.appointment({ ...appointmentAttrs(org), contact_uuid: contact.uuid })
  const created = await c.request({
    method: 'POST', url: '/appointmentnotifications/', as: session,
    json: { subject: 'Test Mail', message: 'Test Body', recipient: 'test@example.com', appointment: `/appointment/${appointment.uuid}/`, org_name: 'Test org', org_phone: '1234 56', send_notification: true },
  })
  t.equal(created.statusCode, 201, created.body)
  const outbox = await mailsAfter(smtp, 1)
  t.equal(outbox.length, 1)
  t.equal(outbox[0]!.text.replace(/\r?\n$/, ''), 'Test Body')
})

t.test('AppointmentNotificationEmailTest.test_mail_not_send', async (t) => {
  const { c, session, org } = await setUp(t, { SMTP: 'yes' })
  const smtp = await c.mail()
  const contact = await c.f.contact({ organization_uuid: org })
  const appointment = await c.f.appointment({ ...appointmentAttrs(org), contact_uuid: contact.uuid })
  const notification = await c.f.notification({
    subject: 'Test Mail', message: 'Test Body', recipient: 'test@example.com', appointment, sent_at: new Date(), org_name: 'Test org', org_phone: '1234 56',
  })
  const asked = await c.request({ method: 'PATCH', url: `/appointmentnotifications/${notification.id}/`, as: session, json: { send_notification: true } })
  t.equal(asked.statusCode, 200, asked.body)
  const { rows } = await c.pool.query('select count(*)::int as n from graphile_worker.jobs where key = $1', [`appointment-notification:${notification.id}`])
  t.equal(rows[0].n, 0, 'nothing is queued to send it')
  t.equal(smtp.received.length, 0)
})

t.test('AppointmentNotificationEmailTest.test_message_body_generation', async (t) => {
  const { c, session, org } = await setUp(t)
  const appointment = await c.f.appointment(appointmentAttrs(org))
  const created = await c.request({
    method: 'POST', url: '/appointmentnotifications/', as: session, json: { recipient: 'test@example.com', appointment: `/appointment/${appointment.uuid}/` },
  })
  const message = created.json().message as string
  t.match(message, new RegExp(`.*${utc(2018, 1, 1, 12, 15).strftime('%M:%H')}.*`), 'the start as %M:%H', {
    todo: 'deviation (docs/compatibility.md): times are hours:minutes in the appointment\'s zone; the original printed minutes:hours in UTC',
  })
})

t.test('AppointmentNotificationEmailTest.test_message_body_generation (Tocsin: hours:minutes in the appointment\'s zone)', async (t) => {
  const { c, session, org } = await setUp(t)
  const appointment = await c.f.appointment(appointmentAttrs(org))
  const created = await c.request({
    method: 'POST', url: '/appointmentnotifications/', as: session, json: { recipient: 'test@example.com', appointment: `/appointment/${appointment.uuid}/` },
  })
  t.equal(created.statusCode, 201, created.body)
  t.equal(created.json().message, [
    'Lieber Kunde,', '', 'wir möchten Sie an folgenden Termin mit uns erinnern:', '01. Januar 2018', '13:15 – 13:30 Uhr', 'Oderberger Straße 16A', '',
    'Falls Sie diesen Termin nicht wahrnehmen können oder ihn verschieben', 'möchten, kontaktieren Sie bitte unser Büro.', '',
    'Mit freundlichen Grüßen', `Ihr Organization ${org} Team`,
  ].join('\n'))
})

t.test('AppointmentNotificationEmailTest.test_message_subject_generation', async (t) => {
  const { c, session, org } = await setUp(t)
  const timeOffset = 4
  const start = new Date(Date.now() + timeOffset * 86_400_000)
  const appointment = await c.f.appointment({ ...appointmentAttrs(org), start_date: start, end_date: new Date(start.getTime() + 2 * 3_600_000) })
  const created = await c.request({
    method: 'POST', url: '/appointmentnotifications/', as: session, json: { recipient: 'test@example.com', appointment: `/appointment/${appointment.uuid}/` },
  })
  t.equal(created.statusCode, 201, created.body)
  t.match(created.json().subject, new RegExp(`^Erinnerung an Ihren Termin in ${timeOffset - 1} Tagen.*`))
})
