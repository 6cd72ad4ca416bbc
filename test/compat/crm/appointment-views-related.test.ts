// appointment/tests/test_views.py, the notification and note classes, translated as
// test/compat/crm/harness.ts describes. `reverse('appointment-detail', kwargs={'uuid': …})` is the
// path `/appointment/<uuid>/`.
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { storedAppointment, subset } from './db.js'
import { compat, mailsAfter, newSession } from './harness.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

async function setUp(t: { teardown(fn: () => unknown): void }, env: Record<string, string> = {}) {
  const c = await compat(t, env)
  const session = newSession()
  return { c, session, coreUserUuid: session.jwt_core_user_uuid, org: session.jwt_organization_uuid }
}

const detail = (uuid: string) => `/appointment/${uuid}/`
const storedNotification = async (c: Awaited<ReturnType<typeof compat>>, id: number) =>
  (await c.pool.query('select * from appointment_notification where id = $1', [id])).rows[0]

const ANOTHER_ORGANIZATION = { todo: 'deviation (docs/compatibility.md): a notification about another organization\'s appointment is refused' }

/** assertIsNotNone(notification.<field>) of a notification that must exist */
const notNone = async (t: Test, c: Awaited<ReturnType<typeof compat>>, response: { json(): any }, field: string, extra = {}) => {
  const notification = await storedNotification(c, response.json().id ?? 0)
  t.ok(notification !== undefined && notification[field] !== null, `notification.${field} is not None`, extra)
}

t.test('AppointmentNotificationCreateViewsTest.test_create_appointment_notification_minimal', async (t) => {
  const { c, session } = await setUp(t)
  const appointment = await c.f.appointment()
  const response = await c.request({ method: 'POST', url: '/appointmentnotifications/', as: session, form: { recipient: 'test@example.com', appointment: detail(appointment.uuid) } })
  t.equal(response.statusCode, 201, response.body, ANOTHER_ORGANIZATION)
  await notNone(t, c, response, 'subject', ANOTHER_ORGANIZATION)
  await notNone(t, c, response, 'message', ANOTHER_ORGANIZATION)
})

t.test('AppointmentNotificationCreateViewsTest.test_create_appointment_notification_minimal (Tocsin: an appointment of the organization)', async (t) => {
  const { c, session, org } = await setUp(t)
  const appointment = await c.f.appointment({ organization_uuid: org })
  const response = await c.request({ method: 'POST', url: '/appointmentnotifications/', as: session, form: { recipient: 'test@example.com', appointment: detail(appointment.uuid) } })
  t.equal(response.statusCode, 201, response.body)
  const notification = await storedNotification(c, response.json().id)
  t.match(notification.subject, /^Erinnerung an Ihren Termin in -?\d+ Tagen mit Organization /)
  t.match(notification.message, /^Lieber Kunde,/)
  const refused = await c.request({ method: 'POST', url: '/appointmentnotifications/', as: session, form: { recipient: 'test@example.com', appointment: detail((await c.f.appointment()).uuid) } })
  t.equal(refused.statusCode, 400)
  t.same(refused.json(), { appointment: ['Invalid hyperlink - Object does not exist.'] })
})

t.test('AppointmentNotificationCreateViewsTest.test_create_appointment_notification', async (t) => {
  const { c, session } = await setUp(t)
  const appointment = await c.f.appointment()
  const data = {
    recipient: 'test@example.com', message: 'This is a new message', subject: 'New Subject', appointment: detail(appointment.uuid),
    org_phone: '+123 456 78', org_name: 'Your org',
  }
  const response = await c.request({ method: 'POST', url: '/appointmentnotifications/', as: session, form: data })
  t.equal(response.statusCode, 201, response.body, ANOTHER_ORGANIZATION)
  await notNone(t, c, response, 'subject', ANOTHER_ORGANIZATION)
  await notNone(t, c, response, 'message', ANOTHER_ORGANIZATION)
})

t.test('AppointmentNotificationCreateViewsTest.test_create_appointment_notification (Tocsin: an appointment of the organization)', async (t) => {
  const { c, session, org } = await setUp(t)
  const appointment = await c.f.appointment({ organization_uuid: org })
  const data = {
    recipient: 'test@example.com', message: 'This is a new message', subject: 'New Subject', appointment: detail(appointment.uuid),
    org_phone: '+123 456 78', org_name: 'Your org',
  }
  const response = await c.request({ method: 'POST', url: '/appointmentnotifications/', as: session, form: data })
  t.equal(response.statusCode, 201, response.body)
  const notification = await storedNotification(c, response.json().id)
  t.equal(notification.subject, 'New Subject')
  t.equal(notification.message, 'This is a new message')
  t.match(response.json(), { org_phone: '+123 456 78', org_name: 'Your org', appointment: `http://localhost${detail(appointment.uuid)}` })
})

t.test('AppointmentNotificationCreateViewsTest.test_create_appointment_notification_anonymoususer', async (t) => {
  const { c } = await setUp(t)
  t.equal((await c.request({ method: 'POST', url: '/appointmentnotifications/', form: {} })).statusCode, 403)
})

t.test('AppointmentNotificationCreateViewsTest.test_create_appointment_notification_fails_no_recipient', async (t) => {
  const { c, session } = await setUp(t)
  const response = await c.request({ method: 'POST', url: '/appointmentnotifications/', as: session, form: { recipient: 'test@example.org' } })
  t.equal(response.statusCode, 400)
})

t.test('AppointmentNotificationCreateViewsTest.test_create_appointment_send_immmediately', async (t) => {
  const { c, session } = await setUp(t, { SMTP: 'yes' })
  const smtp = await c.mail()
  const appointment = await c.f.appointment()
  const response = await c.request({
    method: 'POST', url: '/appointmentnotifications/', as: session,
    form: { recipient: 'test@example.com', appointment: detail(appointment.uuid), send_notification: true },
  })
  t.equal(response.statusCode, 201, response.body, ANOTHER_ORGANIZATION)
  await notNone(t, c, response, 'subject', ANOTHER_ORGANIZATION)
  await notNone(t, c, response, 'message', ANOTHER_ORGANIZATION)
  // nothing was queued, so there is no mail to wait for
  t.equal(response.statusCode === 201 ? (await mailsAfter(smtp, 1)).length : smtp.received.length, 1, 'len(mail.outbox) == 1', ANOTHER_ORGANIZATION)
})

t.test('AppointmentNotificationCreateViewsTest.test_create_appointment_send_immmediately (Tocsin: an appointment of the organization)', async (t) => {
  const { c, session, org } = await setUp(t, { SMTP: 'yes' })
  const smtp = await c.mail()
  const appointment = await c.f.appointment({ organization_uuid: org })
  const response = await c.request({
    method: 'POST', url: '/appointmentnotifications/', as: session,
    form: { recipient: 'test@example.com', appointment: detail(appointment.uuid), send_notification: true },
  })
  t.equal(response.statusCode, 201, response.body)
  const notification = await storedNotification(c, response.json().id)
  t.not(notification.subject, null)
  t.not(notification.message, null)
  const mails = await mailsAfter(smtp, 1)
  t.equal(mails.length, 1)
  t.same(mails[0]!.to, ['test@example.com'])
  t.equal(mails[0]!.subject, notification.subject)
})

t.test('AppointmentNotificationRetrieveViewsTest.test_retrieve_appointment_notification_owner', async (t) => {
  const { c, session, coreUserUuid } = await setUp(t)
  const appointment = await c.f.appointment({ owner: coreUserUuid })
  const notification = await c.f.notification({ appointment })
  const response = await c.request({ method: 'GET', url: `/appointmentnotifications/${notification.id}/`, as: session })
  t.equal(response.statusCode, 200, response.body)
  const objData = {
    id: notification.id, subject: 'Test Subject', message: 'Test Message body', recipient: 'test@example.org', sent_at: null,
    send_notification: false, org_phone: null, org_name: null,
  }
  t.same(subset(objData, response.json()), objData)
})

t.test('AppointmentNotificationRetrieveViewsTest.test_retrieve_appointment_notification_fails', async (t) => {
  const { c, session } = await setUp(t)
  const notification = await c.f.notification({ appointment: await c.f.appointment() })
  t.equal((await c.request({ method: 'GET', url: `/appointmentnotifications/${notification.id}/`, as: session })).statusCode, 403)
})

t.test('AppointmentNotificationRetrieveViewsTest.test_retrieve_appointment_notification_anonymoususer', async (t) => {
  const { c } = await setUp(t)
  t.equal((await c.request({ method: 'GET', url: '/appointmentnotifications/1/' })).statusCode, 403)
})

t.test('AppointmentNotificationUpdateViewsTest.test_update_appointment_notification', async (t) => {
  const { c, session, org } = await setUp(t)
  const notification = await c.f.notification({ appointment: await c.f.appointment({ organization_uuid: org }) })
  const data = { recipient: 'test@example.com', message: 'This is a new message', subject: 'New Subject' }
  const response = await c.request({ method: 'PUT', url: `/appointmentnotifications/${notification.id}/`, as: session, form: data })
  t.equal(response.statusCode, 200, response.body)
  t.equal((await storedNotification(c, response.json().id)).message, data.message)
})

t.test('AppointmentNotificationUpdateViewsTest.test_update_appointment_notification_fails_blank_field', async (t) => {
  const { c, session, org } = await setUp(t)
  const appointment = await c.f.appointment({ organization_uuid: org })
  const notification = await c.f.notification({ appointment })
  const response = await c.request({
    method: 'PUT', url: `/appointmentnotifications/${notification.id}/`, as: session, form: { recipient: '', appointment: detail(appointment.uuid) },
  })
  t.equal(response.statusCode, 400)
})

t.test('AppointmentNotificationUpdateViewsTest.test_update_appointment_notification_anonymoususer_forbidden', async (t) => {
  const { c } = await setUp(t)
  t.equal((await c.request({ method: 'PUT', url: '/appointmentnotifications/1/', form: {} })).statusCode, 403)
})

async function appointmentWithNote(c: Awaited<ReturnType<typeof compat>>, owner: string, organization: string, note = '') {
  const appointment = await c.f.appointment({ owner, organization_uuid: organization })
  const appointmentNote = await c.f.note(appointment.organization_id, { note })
  await c.f.link(appointment, appointmentNote)
  return { appointment, appointmentNote }
}

t.test('AppointmentNoteViewsRetrieveTest.test_retrieve_appointment_note', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const { appointmentNote } = await appointmentWithNote(c, coreUserUuid, org)
  t.equal((await c.request({ method: 'GET', url: `/appointmentnotes/${appointmentNote.id}/`, as: session })).statusCode, 200)
})

t.test('AppointmentNoteViewsRetrieveTest.test_retrieve_appointment_note_permission_failed', async (t) => {
  const { c, session, coreUserUuid } = await setUp(t)
  const { appointmentNote } = await appointmentWithNote(c, coreUserUuid, randomUUID())
  t.equal((await c.request({ method: 'GET', url: `/appointmentnotes/${appointmentNote.id}/`, as: session })).statusCode, 403)
})

t.test('AppointmentNoteViewsUpdateTest.test_update_appointment_note', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const { appointment, appointmentNote } = await appointmentWithNote(c, coreUserUuid, org, 'something')
  t.equal((await storedAppointment(c.pool, appointment.id)).notes[0]?.note, 'something')
  const response = await c.request({ method: 'PATCH', url: `/appointmentnotes/${appointmentNote.id}/`, as: session, form: { note: 'Note Note Note' } })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().note, 'Note Note Note')
})

t.test('AppointmentNoteViewsDeleteTest.test_delete_appointment_note', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const { appointment, appointmentNote } = await appointmentWithNote(c, coreUserUuid, org, 'something')
  t.equal((await storedAppointment(c.pool, appointment.id)).notes[0]?.note, 'something')
  const response = await c.request({ method: 'DELETE', url: `/appointmentnotes/${appointmentNote.id}/`, as: session })
  t.equal(response.statusCode, 204)
  t.equal((await storedAppointment(c.pool, appointment.id)).notes.length, 0)
})
