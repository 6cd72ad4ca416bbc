// appointment/tests/test_drivingtime.py, translated as test/compat/crm/harness.ts describes.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { compat, newSession } from './harness.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

async function setUp(t: { teardown(fn: () => unknown): void }) {
  const c = await compat(t)
  const session = newSession()
  return { c, session, coreUserUuid: session.jwt_core_user_uuid, org: session.jwt_organization_uuid }
}

const drives = async (c: Awaited<ReturnType<typeof compat>>, appointmentId: number) =>
  (await c.pool.query('select distance, time from appointment_driving_time where appointment_id = $1', [appointmentId])).rows

t.test('AppointmentDrivingTimeViewsCreateTest.test_create_driving_time', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const appointment = await c.f.appointment({ owner: coreUserUuid, organization_uuid: org })
  const response = await c.request({ method: 'POST', url: '/appointmentdrivingtimes/', as: session, form: { appointment: String(appointment.id), distance: 2.50, time: 3 } })
  t.equal(response.statusCode, 201, response.body)
  t.equal(response.json().distance, '2.50')
  t.equal(response.json().time, 3)
})

t.test('AppointmentDrivingTimeViewsRetrieveTest.test_retrieve_driving_time', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const drivingTime = await c.f.drivingTime({ appointment: await c.f.appointment({ owner: coreUserUuid, organization_uuid: org }) })
  t.equal((await c.request({ method: 'GET', url: `/appointmentdrivingtimes/${drivingTime.uuid}/`, as: session })).statusCode, 200)
})

t.test('AppointmentDrivingTimeViewsRetrieveTest.test_retrieve_driving_time_permission_failed', async (t) => {
  // Upstream the session's jwt_core_user_uuid is a uuid.UUID and the permission compares it with
  // str(obj.owner), so its owner check cannot match in this test; a token's claim is a string, and
  // then the original lets the owner through (as test_retrieve_appointment_notification_owner shows).
  const { c, session, coreUserUuid } = await setUp(t)
  const drivingTime = await c.f.drivingTime({ appointment: await c.f.appointment({ owner: coreUserUuid, organization_uuid: randomUUID() }) })
  t.equal((await c.request({ method: 'GET', url: `/appointmentdrivingtimes/${drivingTime.uuid}/`, as: session })).statusCode, 403, 'HTTP 403', {
    todo: 'deviation (docs/compatibility.md): the owner of the appointment reaches it from another organization, as the original does with a real token',
  })
})

t.test('AppointmentDrivingTimeViewsRetrieveTest.test_retrieve_driving_time_permission_failed (Tocsin: another organization\'s, not owned: 403; owned: 200)', async (t) => {
  const { c, session, coreUserUuid } = await setUp(t)
  const foreign = await c.f.drivingTime({ appointment: await c.f.appointment({ owner: randomUUID(), organization_uuid: randomUUID() }) })
  t.equal((await c.request({ method: 'GET', url: `/appointmentdrivingtimes/${foreign.uuid}/`, as: session })).statusCode, 403)
  const owned = await c.f.drivingTime({ appointment: await c.f.appointment({ owner: coreUserUuid, organization_uuid: randomUUID() }) })
  t.equal((await c.request({ method: 'GET', url: `/appointmentdrivingtimes/${owned.uuid}/`, as: session })).statusCode, 200)
})

t.test('AppointmentDrivingTimeViewsUpdateTest.test_update_driving_time', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const appointment = await c.f.appointment({ owner: coreUserUuid, organization_uuid: org })
  const drivingTime = await c.f.drivingTime({ appointment, distance: 1.0, time: 1 })
  t.equal(Number((await drives(c, appointment.id))[0].distance), 1.0)
  const response = await c.request({ method: 'PATCH', url: `/appointmentdrivingtimes/${drivingTime.uuid}/`, as: session, form: { distance: 2.5, time: '2' } })
  t.equal(response.statusCode, 200, response.body)
  t.equal(response.json().distance, '2.50')
  t.equal(response.json().time, 2)
})

t.test('AppointmentDrivingTimeViewsDeleteTest.test_delete_driving_time', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const appointment = await c.f.appointment({ owner: coreUserUuid, organization_uuid: org })
  const drivingTime = await c.f.drivingTime({ appointment })
  t.equal((await drives(c, appointment.id)).length, 1)
  const response = await c.request({ method: 'DELETE', url: `/appointmentdrivingtimes/${drivingTime.uuid}/`, as: session })
  t.equal(response.statusCode, 204)
  t.equal((await drives(c, appointment.id)).length, 0)
})

t.test('AppointmentDrivingTimeViewsDeleteTest.test_delete_driving_time_permission_denied', async (t) => {
  const { c, org, coreUserUuid } = await setUp(t)
  const appointment = await c.f.appointment({ owner: coreUserUuid, organization_uuid: org })
  const drivingTime = await c.f.drivingTime({ appointment })
  t.equal((await drives(c, appointment.id)).length, 1)
  // no session
  const response = await c.request({ method: 'DELETE', url: `/appointmentdrivingtimes/${drivingTime.uuid}/` })
  t.equal(response.statusCode, 403)
  t.equal((await drives(c, appointment.id)).length, 1)
})
