import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { createManager, createOrganization } from './helpers.js'

t.test('every CRM list is scoped to the caller\'s organization; other organizations\' objects are 403, as in the original', async (t) => {
  const { call } = await buildTestApp(t)
  const orgB = await createOrganization(call, { name: 'B', timezone: 'Asia/Tokyo' })
  await createManager(call, 'bob', orgB)
  const orgA = (await call({ method: 'GET', url: '/rest-api/organization/1/', as: 'admin' })).json()

  const contact = (await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'A-contact', workflowlevel1_uuids: [] } })).json()
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

  t.test('another organization: empty lists, and 403 for every object and method', async (t) => {
    t.equal((await call({ method: 'GET', url: '/contact/', as: 'bob' })).json().count, 0)
    t.same((await call({ method: 'GET', url: '/appointment/', as: 'bob' })).json().results, [])
    t.equal((await call({ method: 'GET', url: '/appointmentnotes/', as: 'bob' })).json().count, 0)
    t.same((await call({ method: 'GET', url: '/appointmentnotifications/', as: 'bob' })).json(), [])
    const denied = { detail: 'User is not in the same organization as the object.' }
    for (const { url, body } of objects) {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
        const res = await call({ method, url, as: 'bob', ...(method === 'PUT' || method === 'PATCH' ? { payload: body } : {}) })
        t.equal(res.statusCode, 403, `${method} ${url}`)
        t.same(res.json(), denied, `${method} ${url}`)
      }
    }
    t.equal((await call({ method: 'GET', url: '/contact/999999/', as: 'bob' })).statusCode, 404, 'what does not exist is 404')
    for (const { url } of objects) t.equal((await call({ method: 'GET', url, as: 'manager' })).statusCode, 200, `${url} untouched`)
    t.equal((await call({ method: 'GET', url: `/contact/${contact.id}/`, as: 'manager' })).json().first_name, 'A-contact')
  })

  t.test('another organization cannot reach them through references either', async (t) => {
    const post = (url: string, payload: Record<string, unknown>) => call({ method: 'POST', url, as: 'bob', payload })
    const a = await post('/appointment/', { start_date: '2030-01-01T10:00:00Z', end_date: '2030-01-01T11:00:00Z', type: ['x'], contact_uuid: contact.uuid })
    t.equal(a.statusCode, 201, 'contact_uuid is a soft reference, as in the original…')
    t.match(a.json(), { contact_uuid: contact.uuid, contact: null }, '…but another organization\'s contact is never shown')
    const n = await post('/appointmentnotifications/', { appointment: appt.uuid, recipient: 'b@example.com' })
    t.equal(n.statusCode, 400)
    t.same(n.json(), { appointment: ['Invalid hyperlink - Object does not exist.'] })
    const nn = await post('/appointmentnotes/', { note: 'x', appointments: [appt.uuid] })
    t.equal(nn.statusCode, 400)
    t.ok(nn.json().appointments)
    const d = await post('/appointmentdrivingtimes/', { appointment: appt.id, distance: 1, time: 2 })
    t.equal(d.statusCode, 400)
    t.same(d.json(), { appointment: [`Invalid pk "${appt.id}" - object does not exist.`] })
    const list = await call({ method: 'GET', url: `/appointmentnotes/?appointment=${appt.uuid}`, as: 'bob' })
    t.equal(list.json().count, 0)
  })

  t.test('?organization=: admins work in another organization; others get 403', async (t) => {
    t.equal((await call({ method: 'GET', url: `/contact/?organization=${orgA.uuid}`, as: 'bob' })).statusCode, 403)
    t.equal((await call({ method: 'GET', url: `/contact/?organization=${orgB.uuid}`, as: 'bob' })).statusCode, 200, 'naming its own is fine')
    const created = await call({ method: 'POST', url: `/contact/?organization=${orgB.uuid}`, as: 'admin', payload: { first_name: 'B-contact', workflowlevel1_uuids: [] } })
    t.equal(created.statusCode, 201)
    t.equal(created.json().organization_uuid, orgB.uuid)
    t.equal(created.json().customer_id, 10001)
    const listed = (await call({ method: 'GET', url: '/contact/', as: 'bob' })).json()
    t.same(listed.results.map((c: { first_name: string }) => c.first_name), ['B-contact'])
    t.equal((await call({ method: 'GET', url: `/contact/${created.json().id}/`, as: 'admin' })).statusCode, 200, 'admins are the superusers: they reach any object')
    t.equal((await call({ method: 'GET', url: `/contact/${created.json().id}/?organization=${orgB.uuid}`, as: 'admin' })).statusCode, 200)
    const appointment = await call({
      method: 'POST', url: `/appointment/?organization=${orgB.uuid}`, as: 'admin',
      payload: { start_date: '2030-01-01 10:00', end_date: '2030-01-01 11:00', type: ['x'] },
    })
    t.match(appointment.json(), { organization_uuid: orgB.uuid, start_date: '2030-01-01T10:00:00+09:00' }, 'B\'s zone')
    const bad = await call({ method: 'GET', url: '/contact/?organization=nope', as: 'admin' })
    t.equal(bad.statusCode, 400)
    t.ok(bad.json().organization)
    const unknown = await call({ method: 'GET', url: '/contact/?organization=99999999-9999-4999-8999-999999999999', as: 'admin' })
    t.equal(unknown.statusCode, 400)
    t.ok(unknown.json().organization)
  })
})
