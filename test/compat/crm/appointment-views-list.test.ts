// appointment/tests/test_views.py, class AppointmentListViewsTest, translated as
// test/compat/crm/harness.ts describes.
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { compat, newSession, type Compat } from './harness.js'
import { utc } from './python.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

async function setUp(t: { teardown(fn: () => unknown): void }) {
  const c = await compat(t)
  const session = newSession()
  return { c, session, coreUserUuid: session.jwt_core_user_uuid, org: session.jwt_organization_uuid }
}

const list = async (c: Compat, session: object, query = '') => {
  const response = await c.request({ method: 'GET', url: `/appointment/${query}`, as: session })
  return { response, data: response.json() }
}

t.test('AppointmentListViewsTest.test_list_empty', async (t) => {
  const { c, session } = await setUp(t)
  const { response, data } = await list(c, session)
  t.equal(response.statusCode, 200)
  t.same(data, { next: null, previous: null, results: [] })
})

t.test('AppointmentListViewsTest.test_list_appointments', async (t) => {
  const { c, session, org } = await setUp(t)
  const contact = await c.f.contact()
  const siteprofileUuid = randomUUID()
  const wflvl2Uuid = randomUUID()
  await c.f.appointment({ name: 'John Tester', siteprofile_uuid: siteprofileUuid, contact_uuid: contact.uuid, organization_uuid: org, workflowlevel2_uuids: [wflvl2Uuid] })
  const { response, data } = await list(c, session)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  const appointmentData = data.results[0]
  t.ok('id' in appointmentData)
  t.equal(appointmentData.name, 'John Tester')
  t.same(appointmentData.workflowlevel2_uuids, [wflvl2Uuid])
  t.equal(appointmentData.siteprofile_uuid, siteprofileUuid)
  t.equal(appointmentData.contact_uuid, contact.uuid)
})

t.test('AppointmentListViewsTest.test_list_appointments_other_user_same_org', async (t) => {
  const { c, session, org } = await setUp(t)
  const contact = await c.f.contact()
  await c.f.appointment({ owner: randomUUID(), name: 'John Tester', contact_uuid: contact.uuid, organization_uuid: org, workflowlevel2_uuids: [randomUUID()] })
  const { response, data } = await list(c, session)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
})

t.test('AppointmentListViewsTest.test_list_appointments_other_user_diff_org', async (t) => {
  const { c, session } = await setUp(t)
  const contact = await c.f.contact()
  await c.f.appointment({ owner: randomUUID(), name: 'John Tester', contact_uuid: contact.uuid, organization_uuid: randomUUID() })
  const { response, data } = await list(c, session)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 0)
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_contactuuid', async (t) => {
  const { c, session, org } = await setUp(t)
  await c.f.appointment({ name: 'Other appointment' })
  const contact = await c.f.contact()
  await c.f.appointment({ name: 'Appointment 0', contact_uuid: contact.uuid, organization_uuid: org })
  await c.f.appointment({ name: 'Appointment 1', contact_uuid: contact.uuid, organization_uuid: org })
  await c.f.appointment({ name: 'Appointment 2', contact_uuid: randomUUID(), organization_uuid: org })
  const { response, data } = await list(c, session, `?contact_uuid=${contact.uuid}`)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 2)
  t.equal(data.results[0].contact_uuid, contact.uuid)
  t.equal(data.results[0].name, 'Appointment 0')
  t.equal(data.results[1].name, 'Appointment 1')
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_owner_me', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const userOther = randomUUID()
  const contact = await c.f.contact()
  await c.f.appointment({ name: 'Appointment 0', contact_uuid: contact.uuid, owner: userOther, organization_uuid: org })
  await c.f.appointment({ name: 'Appointment 1', contact_uuid: contact.uuid, owner: userOther, organization_uuid: org })
  await c.f.appointment({ name: 'Appointment 2', contact_uuid: contact.uuid, owner: coreUserUuid, organization_uuid: org })
  const { response, data } = await list(c, session, '?owner=me')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].name, 'Appointment 2')
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_owner_other', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const userOther = randomUUID()
  const contact = await c.f.contact()
  await c.f.appointment({ name: 'Appointment 0', contact_uuid: contact.uuid, owner: coreUserUuid, organization_uuid: org })
  await c.f.appointment({ name: 'Appointment 1', contact_uuid: contact.uuid, owner: userOther, organization_uuid: org })
  const { response, data } = await list(c, session, `?owner=${userOther}`)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].name, 'Appointment 1')
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_owner_not_valid_uuid', async (t) => {
  const { c, session } = await setUp(t)
  const { response, data } = await list(c, session, '?owner=abc')
  t.equal(response.statusCode, 400)
  t.same(data, ['owner field can only have value "me" or a valid User UUID'])
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_wflvl2', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const wflvl2Uuid = randomUUID()
  await c.f.appointment({ name: 'Appointment 0', contact_uuid: randomUUID(), owner: coreUserUuid, organization_uuid: org, workflowlevel2_uuids: [wflvl2Uuid] })
  const { response, data } = await list(c, session, `?workflowlevel2_uuid=${wflvl2Uuid}`)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].name, 'Appointment 0')
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_unexisting_wflvl2', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  await c.f.appointment({ name: 'Appointment 0', contact_uuid: randomUUID(), owner: coreUserUuid, organization_uuid: org, workflowlevel2_uuids: [randomUUID()] })
  const { response, data } = await list(c, session, `?workflowlevel2_uuid=${randomUUID()}`)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 0)
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_invalid_wflvl2', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  await c.f.appointment({ name: 'Appointment 0', contact_uuid: randomUUID(), owner: coreUserUuid, organization_uuid: org, workflowlevel2_uuids: [randomUUID()] })
  const { response } = await list(c, session, '?workflowlevel2_uuid=abc')
  t.equal(response.statusCode, 400)
})

t.test('AppointmentListViewsTest.test_list_appointments_ordering', async (t) => {
  const { c, session, org } = await setUp(t)
  await c.f.appointment({ name: 'Other appointment', organization_uuid: org })
  const contact = await c.f.contact()
  for (const name of ['Appointment 0', 'Appointment 1', 'Appointment 2']) await c.f.appointment({ name, contact_uuid: contact.uuid, organization_uuid: org })
  const { response, data } = await list(c, session, '?ordering=-id')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 4)
  t.equal(data.results[0].contact_uuid, contact.uuid)
  t.equal(data.results[0].name, 'Appointment 2')
  t.equal(data.results[1].name, 'Appointment 1')
  t.equal(data.results[2].name, 'Appointment 0')
})

t.test('AppointmentListViewsTest.test_list_appointments_anonymoususer', async (t) => {
  const { c } = await setUp(t)
  t.equal((await c.request({ method: 'GET', url: '/appointment/' })).statusCode, 403)
})

t.test('AppointmentListViewsTest.test_paginate_no_results', async (t) => {
  const { c, session } = await setUp(t)
  const { response, data } = await list(c, session, '?paginate=true&page_size=1')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 0)
  t.equal(data.next, null)
  t.equal(data.previous, null)
})

const OTHER_CONTACT = { todo: 'deviation (docs/compatibility.md): the nested contact of another organization is not shown' }

t.test('AppointmentListViewsTest.test_paginate', async (t) => {
  const { c, session, org } = await setUp(t)
  const contact = await c.f.contact({ first_name: 'Kamasi', last_name: 'Washington' })
  for (let i = 0; i < 2; i++) await c.f.appointment({ name: 'John Tester', contact_uuid: contact.uuid, organization_uuid: org, workflowlevel2_uuids: [randomUUID()] })
  const { response, data } = await list(c, session, '?paginate=true&page_size=1')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].contact?.first_name, 'Kamasi', 'contact first_name', OTHER_CONTACT)
  t.equal(data.results[0].contact?.last_name, 'Washington', 'contact last_name', OTHER_CONTACT)
  t.not(data.next, null)
  t.equal(data.previous, null)
})

t.test('AppointmentListViewsTest.test_paginate (Tocsin: the same with the contact in the organization; another\'s is null)', async (t) => {
  const { c, session, org } = await setUp(t)
  const own = await c.f.contact({ first_name: 'Kamasi', last_name: 'Washington', organization_uuid: org })
  const foreign = await c.f.contact({ first_name: 'Kamasi', last_name: 'Washington' })
  await c.f.appointment({ name: 'John Tester', contact_uuid: own.uuid, organization_uuid: org })
  await c.f.appointment({ name: 'John Tester', contact_uuid: foreign.uuid, organization_uuid: org })
  const { response, data } = await list(c, session, '?paginate=true&page_size=1')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].contact.first_name, 'Kamasi')
  t.equal(data.results[0].contact.last_name, 'Washington')
  t.not(data.next, null)
  t.equal(data.previous, null)
  const second = (await c.request({ method: 'GET', url: data.next.replace('http://localhost', ''), as: session })).json()
  t.equal(second.results[0].contact_uuid, foreign.uuid, 'the reference is kept')
  t.equal(second.results[0].contact, null, 'but another organization\'s contact is not shown')
})

async function paginateLarge(t: Test, size: number, firstQuery: string, expectFirst: number) {
  const { c, session, org } = await setUp(t)
  const contact = await c.f.contact()
  if (size > 100) await c.f.appointments(size, { organization_uuid: org, contact_uuid: contact.uuid })
  else for (let i = 0; i < size; i++) await c.f.appointment({ name: 'John Tester', contact_uuid: contact.uuid, organization_uuid: org, workflowlevel2_uuids: [randomUUID()] })
  const { response, data } = await list(c, session, firstQuery)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, expectFirst)
  t.not(data.next, null)
  t.equal(data.previous, null)
  const cursor = /=(.*)&/.exec(data.next)![1]
  const page2 = await list(c, session, `?cursor=${cursor}&paginate=true`)
  t.equal(page2.response.statusCode, 200)
  t.equal(page2.data.results.length, 2)
  t.equal(page2.data.next, null)
  t.not(page2.data.previous, null)
}

t.test('AppointmentListViewsTest.test_paginate_large_result_sets', async (t) => {
  await paginateLarge(t, 32, '?paginate=true', 30)
})

t.test('AppointmentListViewsTest.test_paginate_large_result_sets_max_size', async (t) => {
  // check if max_page_size is not exceeded
  await paginateLarge(t, 2002, '?paginate=true&page_size=2002', 2000)
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_invitee_me', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  const contactUuid = randomUUID()
  await c.f.appointment({ name: 'Appointment 0', contact_uuid: contactUuid, owner: randomUUID(), organization_uuid: org, invitee_uuids: [contactUuid] })
  await c.f.appointment({ name: 'Appointment 1', contact_uuid: contactUuid, owner: coreUserUuid, organization_uuid: org, invitee_uuids: [coreUserUuid] })
  const { response, data } = await list(c, session, '?invitee=me')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].name, 'Appointment 1')
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_invitee_uuid', async (t) => {
  const { c, session, org } = await setUp(t)
  const userOther = randomUUID()
  const contactUuid = randomUUID()
  await c.f.appointment({ name: 'Appointment 0', contact_uuid: contactUuid, owner: userOther, organization_uuid: org, invitee_uuids: [contactUuid] })
  await c.f.appointment({ name: 'Appointment 1', contact_uuid: contactUuid, owner: userOther, organization_uuid: org, invitee_uuids: [userOther] })
  const { response, data } = await list(c, session, `?invitee=${userOther}`)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].name, 'Appointment 1')
})

async function twoDates(c: Compat, org: string, coreUserUuid: string) {
  await c.f.appointment({ name: 'Appointment 0', owner: coreUserUuid, organization_uuid: org, start_date: utc(2017, 1, 1, 12, 30), end_date: utc(2017, 1, 1, 14, 30) })
  await c.f.appointment({ name: 'Appointment 1', owner: coreUserUuid, organization_uuid: org, start_date: utc(2018, 1, 28, 12, 30), end_date: utc(2018, 1, 28, 14, 30) })
}

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_start_date_gte', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  await twoDates(c, org, coreUserUuid)
  const { response, data } = await list(c, session, '?start_date_gte=2018-1-28')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].name, 'Appointment 1')
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_start_date_lte', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  await twoDates(c, org, coreUserUuid)
  const { response, data } = await list(c, session, '?start_date_lte=2017-1-1')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  t.equal(data.results[0].name, 'Appointment 0')
})

t.test('AppointmentListViewsTest.test_list_appointments_filter_by_start_date_gte_and_lte', async (t) => {
  const { c, session, org, coreUserUuid } = await setUp(t)
  await twoDates(c, org, coreUserUuid)
  const both = await list(c, session, '?start_date_gte=2017-1-1&start_date_lte=2018-1-28')
  t.equal(both.response.statusCode, 200)
  t.equal(both.data.results.length, 2)
  const one = await list(c, session, '?start_date_gte=2017-1-1&start_date_lte=2018-1-27')
  t.equal(one.response.statusCode, 200)
  t.equal(one.data.results.length, 1, JSON.stringify(one.data.results))
  t.equal(one.data.results[0].name, 'Appointment 0')
})
