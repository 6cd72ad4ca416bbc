import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { createManager, createOrganization } from './helpers.js'

t.test('appointment notes', async (t) => {
  const { call } = await buildTestApp(t)
  const slot = { start_date: '2020-03-01T10:00:00Z', end_date: '2020-03-01T11:00:00Z', type: ['Visit'] }
  const appt = (await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: { ...slot, notes: [{ type: 1, note: 'nested' }] } })).json()
  const appt2 = (await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: slot })).json()
  const link = `http://localhost/appointment/${appt.uuid}/`
  const notesOf = async (uuid: string) =>
    (await call({ method: 'GET', url: `/appointment/${uuid}/`, as: 'manager' })).json().notes.map((n: { type: number; note: string }) => `${n.type}:${n.note}`)

  t.test('create: on its own, or attached by hyperlink or uuid', async (t) => {
    const alone = await call({ method: 'POST', url: '/appointmentnotes/', as: 'manager', payload: { note: 'free' } })
    t.equal(alone.statusCode, 201, alone.body)
    t.match(alone.json(), { id: Number, note: 'free', type: 1, appointments: [] })
    t.equal(alone.headers.location, alone.json().url)

    const attached = await call({ method: 'POST', url: '/appointmentnotes/', as: 'manager', payload: { note: 'second', type: 'Secondary', appointments: [link, appt2.uuid] } })
    t.equal(attached.statusCode, 201, attached.body)
    t.same(attached.json().appointments, [link, `http://localhost/appointment/${appt2.uuid}/`])
    t.same(await notesOf(appt.uuid), ['1:nested', '2:second'])

    const clash = await call({ method: 'POST', url: '/appointmentnotes/', as: 'manager', payload: { note: 'again', type: 1, appointments: [link] } })
    t.equal(clash.statusCode, 400, 'one note of each type per appointment')
    t.ok(clash.json().type)
  })

  t.test('validation errors name the field', async (t) => {
    const other = await createOrganization(call, { name: 'Other' })
    await createManager(call, 'other', other)
    const foreign = (await call({ method: 'POST', url: '/appointment/', as: 'other', payload: slot })).json()
    for (const [payload, field] of [
      [{ type: 1 }, 'note'],
      [{ note: 'x', type: 7 }, 'type'],
      [{ note: 'x', type: 'Tertiary' }, 'type'],
      [{ note: 'x', appointments: ['http://localhost/contact/1/'] }, 'appointments'],
      [{ note: 'x', appointments: [foreign.uuid] }, 'appointments'],
    ] as const) {
      const res = await call({ method: 'POST', url: '/appointmentnotes/', as: 'manager', payload })
      t.equal(res.statusCode, 400, res.body)
      t.ok(Array.isArray(res.json()[field]), `names ${field}: ${res.body}`)
    }
  })

  t.test('list, filter, retrieve, PATCH, PUT, delete', async (t) => {
    const list = (await call({ method: 'GET', url: '/appointmentnotes/', as: 'manager' })).json()
    t.equal(list.count, 3)
    t.same(list.results.map((n: { note: string }) => n.note), ['nested', 'free', 'second'])
    const ofAppt = (await call({ method: 'GET', url: `/appointmentnotes/?appointment=${appt.uuid}`, as: 'manager' })).json()
    t.same(ofAppt.results.map((n: { note: string }) => n.note), ['nested', 'second'])
    const byType = (await call({ method: 'GET', url: '/appointmentnotes/?type=Secondary', as: 'manager' })).json()
    t.same(byType.results.map((n: { note: string }) => n.note), ['second'])
    t.equal((await call({ method: 'GET', url: '/appointmentnotes/?type=9', as: 'manager' })).statusCode, 400)
    const paged = (await call({ method: 'GET', url: '/appointmentnotes/?limit=1', as: 'manager' })).json()
    t.equal(paged.next, 'http://localhost/appointmentnotes/?limit=1&offset=1')

    const second = ofAppt.results[1]
    const got = await call({ method: 'GET', url: `/appointmentnotes/${second.id}/`, as: 'manager' })
    t.same(got.json(), second)

    const patched = await call({ method: 'PATCH', url: `/appointmentnotes/${second.id}/`, as: 'manager', payload: { note: 'edited' } })
    t.match(patched.json(), { note: 'edited', type: 2 })
    t.equal(patched.json().appointments.length, 2, 'links unchanged')

    const clash = await call({ method: 'PATCH', url: `/appointmentnotes/${second.id}/`, as: 'manager', payload: { type: 1 } })
    t.equal(clash.statusCode, 400, 'appointment already has a Primary note')
    t.ok(clash.json().type)
    const retyped = await call({ method: 'PATCH', url: `/appointmentnotes/${second.id}/`, as: 'manager', payload: { type: 'OOO Reason' } })
    t.equal(retyped.statusCode, 200)
    t.same(await notesOf(appt.uuid), ['1:nested', '3:edited'], 'the type change shows on the appointment')

    const putPartial = await call({ method: 'PUT', url: `/appointmentnotes/${second.id}/`, as: 'manager', payload: { type: 3 } })
    t.equal(putPartial.statusCode, 200, 'the original note has no required field: PUT changes what is given')
    t.match(putPartial.json(), { note: 'edited', type: 3 })
    const put = await call({ method: 'PUT', url: `/appointmentnotes/${second.id}/`, as: 'manager', payload: { note: 'replaced', type: 4, appointments: [appt2.uuid] } })
    t.equal(put.statusCode, 200, put.body)
    t.match(put.json(), { note: 'replaced', type: 4, appointments: [`http://localhost/appointment/${appt2.uuid}/`] })
    t.same(await notesOf(appt.uuid), ['1:nested'], 'unlinked from the first appointment')
    t.same(await notesOf(appt2.uuid), ['4:replaced'])

    t.equal((await call({ method: 'DELETE', url: `/appointmentnotes/${second.id}/`, as: 'manager' })).statusCode, 204)
    t.equal((await call({ method: 'GET', url: `/appointmentnotes/${second.id}/`, as: 'manager' })).statusCode, 404)
    t.same(await notesOf(appt2.uuid), [])
  })
})
