import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { createManager, createOrganization } from './helpers.js'

t.test('every CRM list and object is scoped to the caller\'s organization', async (t) => {
  const { call } = await buildTestApp(t)
  const orgB = await createOrganization(call, { name: 'B', timezone: 'Asia/Tokyo' })
  await createManager(call, 'bob', orgB)
  const orgA = (await call({ method: 'GET', url: '/rest-api/organization/1/', as: 'admin' })).json()

  const contact = (await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'A-contact' } })).json()
  const appt = (await call({
    method: 'POST', url: '/appointment/', as: 'manager',
    payload: { start_date: '2030-01-01T10:00:00Z', end_date: '2030-01-01T11:00:00Z', type: ['x'], notes: [{ type: 1, note: 'n' }] },
  })).json()
  const note = appt.notes[0]
  const notification = (await call({ method: 'POST', url: '/appointmentnotifications/', as: 'manager', payload: { appointment: appt.uuid, recipient: 'a@example.com' } })).json()

  const objects = [
    { url: `/contact/${contact.id}/`, body: { first_name: 'Hijack' } },
    { url: `/appointment/${appt.uuid}/`, body: { start_date: '2030-01-01T10:00:00Z', end_date: '2030-01-01T11:00:00Z', type: ['y'] } },
    { url: `/appointmentnotes/${note.id}/`, body: { note: 'hijack' } },
    { url: `/appointmentnotifications/${notification.id}/`, body: { recipient: 'evil@example.com', appointment: appt.uuid } },
  ]

  t.test('the same organization sees them (any user)', async (t) => {
    for (const { url } of objects) t.equal((await call({ method: 'GET', url, as: 'admin' })).statusCode, 200, url)
  })

  t.test('another organization: empty lists, and 404 for every object and method', async (t) => {
    t.equal((await call({ method: 'GET', url: '/contact/', as: 'bob' })).json().count, 0)
    t.same((await call({ method: 'GET', url: '/appointment/', as: 'bob' })).json().results, [])
    t.equal((await call({ method: 'GET', url: '/appointmentnotes/', as: 'bob' })).json().count, 0)
    t.same((await call({ method: 'GET', url: '/appointmentnotifications/', as: 'bob' })).json(), [])
    for (const { url, body } of objects) {
      t.equal((await call({ method: 'GET', url, as: 'bob' })).statusCode, 404, `GET ${url}`)
      t.equal((await call({ method: 'PUT', url, as: 'bob', payload: body })).statusCode, 404, `PUT ${url}`)
      t.equal((await call({ method: 'PATCH', url, as: 'bob', payload: body })).statusCode, 404, `PATCH ${url}`)
      t.equal((await call({ method: 'DELETE', url, as: 'bob' })).statusCode, 404, `DELETE ${url}`)
    }
    for (const { url } of objects) t.equal((await call({ method: 'GET', url, as: 'manager' })).statusCode, 200, `${url} untouched`)
    t.equal((await call({ method: 'GET', url: `/contact/${contact.id}/`, as: 'manager' })).json().first_name, 'A-contact')
  })

  t.test('another organization cannot reference them either', async (t) => {
    const post = (url: string, payload: Record<string, unknown>) => call({ method: 'POST', url, as: 'bob', payload })
    const a = await post('/appointment/', { start_date: '2030-01-01T10:00:00Z', end_date: '2030-01-01T11:00:00Z', type: ['x'], contact_uuid: contact.uuid })
    t.equal(a.statusCode, 400)
    t.ok(a.json().error.fields.contact_uuid)
    const n = await post('/appointmentnotifications/', { appointment: appt.uuid, recipient: 'b@example.com' })
    t.equal(n.statusCode, 400)
    t.ok(n.json().error.fields.appointment)
    const nn = await post('/appointmentnotes/', { note: 'x', appointments: [appt.uuid] })
    t.equal(nn.statusCode, 400)
    t.ok(nn.json().error.fields.appointments)
    const list = await call({ method: 'GET', url: `/appointmentnotes/?appointment=${appt.uuid}`, as: 'bob' })
    t.equal(list.json().count, 0)
  })

  t.test('?organization=: admins work in another organization; others get 403', async (t) => {
    t.equal((await call({ method: 'GET', url: `/contact/?organization=${orgA.uuid}`, as: 'bob' })).statusCode, 403)
    t.equal((await call({ method: 'GET', url: `/contact/?organization=${orgB.uuid}`, as: 'bob' })).statusCode, 200, 'naming its own is fine')
    const created = await call({ method: 'POST', url: `/contact/?organization=${orgB.uuid}`, as: 'admin', payload: { first_name: 'B-contact' } })
    t.equal(created.statusCode, 201)
    t.equal(created.json().organization_uuid, orgB.uuid)
    t.equal(created.json().customer_id, 10001)
    const listed = (await call({ method: 'GET', url: '/contact/', as: 'bob' })).json()
    t.same(listed.results.map((c: { first_name: string }) => c.first_name), ['B-contact'])
    t.equal((await call({ method: 'GET', url: `/contact/${created.json().id}/`, as: 'admin' })).statusCode, 404, 'not without the parameter')
    t.equal((await call({ method: 'GET', url: `/contact/${created.json().id}/?organization=${orgB.uuid}`, as: 'admin' })).statusCode, 200)
    const appointment = await call({
      method: 'POST', url: `/appointment/?organization=${orgB.uuid}`, as: 'admin',
      payload: { start_date: '2030-01-01 10:00', end_date: '2030-01-01 11:00', type: ['x'] },
    })
    t.match(appointment.json(), { organization_uuid: orgB.uuid, timezone: 'Asia/Tokyo', start_date: '2030-01-01T10:00:00+09:00' }, 'B\'s defaults')
    const bad = await call({ method: 'GET', url: '/contact/?organization=nope', as: 'admin' })
    t.equal(bad.statusCode, 400)
    t.ok(bad.json().error.fields.organization)
    const unknown = await call({ method: 'GET', url: '/contact/?organization=99999999-9999-4999-8999-999999999999', as: 'admin' })
    t.equal(unknown.statusCode, 400)
    t.ok(unknown.json().error.fields.organization)
  })
})
