// contact/tests/test_views_contact.py, translated as test/compat/crm/harness.ts describes.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { storedContact, subset } from './db.js'
import { compat, newSession, type Compat } from './harness.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

const EMAIL_TYPE_CHOICES = ['office', 'private', 'other']
const PHONE_TYPE_CHOICES = ['office', 'mobile', 'home', 'fax']

/** setUp of every class here: a session, two workflowlevel UUIDs. */
async function setUp(t: { teardown(fn: () => unknown): void }) {
  const c = await compat(t)
  return { c, session: newSession(), wflvl1: randomUUID(), wflvl2: randomUUID() }
}

const results = async (c: Compat, session: object, query = '') => {
  const response = await c.request({ method: 'GET', url: `/contact/${query}`, as: session })
  return { response, data: response.json() }
}

const billingAddress = {
  type: 'billing', street: 'Bówie St', house_number: '22', postal_code: '78703', city: 'Austin', country: 'United States',
}
const bowieEmails = [{ type: 'private', email: 'contact@bowie.co.uk' }, { type: 'office', email: 'bowie@label.co.uk' }]

t.test('ContactListViewsTest.test_list_empty', async (t) => {
  const { c, session } = await setUp(t)
  const { response, data } = await results(c, session)
  t.equal(response.statusCode, 200)
  t.same(data.results, [])
})

t.test('ContactListViewsTest.test_list_contacts', async (t) => {
  const { c, session, wflvl1, wflvl2 } = await setUp(t)
  const siteprofileUuids = [randomUUID(), randomUUID()]
  await c.f.contact({
    first_name: 'David', addresses: [billingAddress], siteprofile_uuids: siteprofileUuids, emails: bowieEmails, notes: "Bowie's notes",
    organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1], workflowlevel2_uuids: [wflvl2],
  })
  const { response, data } = await results(c, session)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
  const contact = data.results[0]
  t.ok('id' in contact)
  t.equal(contact.first_name, 'David')
  t.same(contact.addresses, [billingAddress])
  t.same(contact.siteprofile_uuids, siteprofileUuids)
  t.same(contact.emails, bowieEmails)
  t.equal(contact.notes, "Bowie's notes")
  t.equal(contact.organization_uuid, session.jwt_organization_uuid)
  t.same(contact.workflowlevel1_uuids, [wflvl1])
  t.same(contact.workflowlevel2_uuids, [wflvl2])
})

t.test('ContactListViewsTest.test_list_contacts_pagination_limit', async (t) => {
  const { c, session } = await setUp(t)
  await c.f.contacts(51, { organization_uuid: session.jwt_organization_uuid, last_name: 'Rabbit' })
  const { response, data } = await results(c, session)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 50)
  t.equal(data.next, 'http://localhost/contact/?limit=50&offset=50')
})

t.test('ContactListViewsTest.test_list_contacts_diff_user_same_org', async (t) => {
  const { c, session } = await setUp(t)
  await c.f.contact({ first_name: 'David', addresses: [billingAddress], emails: bowieEmails, notes: "Bowie's notes", organization_uuid: session.jwt_organization_uuid })
  // another Django user, the same session: the token is what counts
  const { response, data } = await results(c, session)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 1)
})

t.test('ContactListViewsTest.test_list_contacts_diff_org', async (t) => {
  const { c, session } = await setUp(t)
  await c.f.contact({ first_name: 'David', addresses: [billingAddress], emails: bowieEmails, notes: "Bowie's notes", organization_uuid: session.jwt_organization_uuid })
  session.jwt_organization_uuid = randomUUID()
  const { response, data } = await results(c, session)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 0)
})

t.test('ContactListViewsTest.test_list_contacts_ordering_asc', async (t) => {
  const { c, session } = await setUp(t)
  await c.f.contacts(2, { organization_uuid: session.jwt_organization_uuid })
  const { response, data } = await results(c, session, '?ordering=first_name')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 2)
  t.equal(data.results[0].first_name, 'David')
  t.equal(data.results[1].first_name, 'Nina')
})

t.test('ContactListViewsTest.test_list_contacts_ordering_desc', async (t) => {
  const { c, session } = await setUp(t)
  await c.f.contacts(2, { organization_uuid: session.jwt_organization_uuid })
  const { response, data } = await results(c, session, '?ordering=-first_name')
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 2)
  t.equal(data.results[0].first_name, 'Nina')
  t.equal(data.results[1].first_name, 'David')
})

t.test('ContactListViewsTest.test_list_contacts_anonymoususer', async (t) => {
  const { c } = await setUp(t)
  const response = await c.request({ method: 'GET', url: '/contact/' })
  t.equal(response.statusCode, 403)
})

t.test('ContactListViewsTest.test_search_startswith_case_insensitive', async (t) => {
  const { c, session } = await setUp(t)
  await c.f.contact({ first_name: 'David', last_name: 'Mueller', organization_uuid: session.jwt_organization_uuid })
  await c.f.contact({ first_name: 'Pyö', last_name: 'Mueller', organization_uuid: session.jwt_organization_uuid })
  for (const [query, expected] of [['?starts_with=dA', 1], ['?starts_with=mueller', 2], ['?starts_with=ueller', 0]] as const) {
    const { response, data } = await results(c, session, query)
    t.equal(response.statusCode, 200)
    t.equal(data.results.length, expected, query)
  }
})

t.test('ContactListViewsTest.test_search_everywhere_case_insensitive', async (t) => {
  const { c, session } = await setUp(t)
  await c.f.contact({ first_name: 'David', last_name: 'Mueller', organization_uuid: session.jwt_organization_uuid })
  await c.f.contact({ first_name: 'Pyö', last_name: 'Mueller', organization_uuid: session.jwt_organization_uuid })
  for (const [query, expected] of [['?search=Avi', 1], ['?search=ELLER', 2], ['?search=Rueller', 0]] as const) {
    const { response, data } = await results(c, session, query)
    t.equal(response.statusCode, 200)
    t.equal(data.results.length, expected, query)
  }
})

t.test('ContactListViewsTest.test_several_workflowlevel2_uuids_filter', async (t) => {
  const { c, session } = await setUp(t)
  const [wfl1, wfl2, wfl3] = [randomUUID(), randomUUID(), randomUUID()]
  const org = session.jwt_organization_uuid
  await c.f.contact({ workflowlevel2_uuids: [wfl1], organization_uuid: org })
  await c.f.contact({ workflowlevel2_uuids: [wfl2, wfl1], organization_uuid: org })
  await c.f.contact({ workflowlevel2_uuids: [wfl2, wfl3], organization_uuid: org })
  await c.f.contact({ workflowlevel2_uuids: [randomUUID()], organization_uuid: org })
  const { response, data } = await results(c, session, `?workflowlevel2_uuids=${wfl1},${wfl2}`)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 3)
})

t.test('ContactListViewsTest.test_several_siteprofile_uuids_filter', async (t) => {
  const { c, session } = await setUp(t)
  const [wfl1, wfl2, wfl3] = [randomUUID(), randomUUID(), randomUUID()]
  const org = session.jwt_organization_uuid
  await c.f.contact({ siteprofile_uuids: [wfl1], organization_uuid: org })
  await c.f.contact({ siteprofile_uuids: [wfl2, wfl1], organization_uuid: org })
  await c.f.contact({ siteprofile_uuids: [wfl2, wfl3], organization_uuid: org })
  await c.f.contact({ siteprofile_uuids: [randomUUID()], organization_uuid: org })
  const { response, data } = await results(c, session, `?siteprofile_uuids=${wfl1},${wfl2}`)
  t.equal(response.statusCode, 200)
  t.equal(data.results.length, 3)
})

t.test('ContactRetrieveViewsTest.test_retrieve_contact', async (t) => {
  const { c, session } = await setUp(t)
  const contact = await c.f.contact({ core_user_uuid: session.jwt_core_user_uuid, organization_uuid: session.jwt_organization_uuid })
  const response = await c.request({ method: 'GET', url: `/contact/${contact.id}/`, as: session })
  t.equal(response.statusCode, 200)
})

t.test('ContactRetrieveViewsTest.test_retrieve_contact_superuser', async (t) => {
  const { c } = await setUp(t)
  const contact = await c.f.contact({ core_user_uuid: randomUUID() })
  const response = await c.request({ method: 'GET', url: `/contact/${contact.id}/`, as: 'superuser' })
  t.equal(response.statusCode, 200)
})

t.test('ContactRetrieveViewsTest.test_retrieve_contact_diff_org', async (t) => {
  const { c, session } = await setUp(t)
  const contact = await c.f.contact({ core_user_uuid: randomUUID() })
  session.jwt_organization_uuid = randomUUID()
  const response = await c.request({ method: 'GET', url: `/contact/${contact.id}/`, as: session })
  t.equal(response.statusCode, 403)
})

t.test('ContactRetrieveViewsTest.test_retrieve_contact_not_owner', async (t) => {
  const { c, session } = await setUp(t)
  const contact = await c.f.contact({ core_user_uuid: randomUUID() })
  const response = await c.request({ method: 'GET', url: `/contact/${contact.id}/`, as: session })
  t.equal(response.statusCode, 403)
})

t.test('ContactRetrieveViewsTest.test_list_contacts_anonymoususer', async (t) => {
  const { c } = await setUp(t)
  const response = await c.request({ method: 'GET', url: '/contact/' })
  t.equal(response.statusCode, 403)
})

t.test('ContactCreateViewsTest.test_create_contact_minimal', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const data = { organization_uuid: 'ignore_this', workflowlevel1_uuids: [wflvl1], title_display: 'Dr.' }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 201, response.body)
  const contact = await storedContact(c.pool, response.json().id)
  t.equal(contact?.core_user_uuid, session.jwt_core_user_uuid)
  t.equal(contact?.organization_uuid, session.jwt_organization_uuid)
})

t.test('ContactCreateViewsTest.test_create_contact_org_and_user_set_by_jwt', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const data = { first_name: 'Máx', last_name: 'Cöoper', core_user_uuid: 'Test', organization_uuid: 'ignore_this', workflowlevel1_uuids: [wflvl1] }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 201, response.body)
  const contact = await storedContact(c.pool, response.json().id)
  t.equal(contact?.core_user_uuid, session.jwt_core_user_uuid)
  t.equal(contact?.first_name, data.first_name)
  t.equal(contact?.last_name, data.last_name)
  t.equal(contact?.organization_uuid, session.jwt_organization_uuid)
})

t.test('ContactCreateViewsTest.test_create_contact_member_all_wflvl1s', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const data = { first_name: 'Máx', last_name: 'Cöoper', organization_uuid: 'ignore_this', workflowlevel1_uuids: [wflvl1, randomUUID()] }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 201, response.body)
})

t.test('ContactCreateViewsTest.test_create_contact_member_all_wflvl1s_unordered_and_extra', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const data = { first_name: 'Máx', last_name: 'Cöoper', workflowlevel1_uuids: [randomUUID(), randomUUID(), wflvl1] }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 201, response.body)
})

t.test('ContactCreateViewsTest.test_create_contact', async (t) => {
  const { c, session, wflvl1, wflvl2 } = await setUp(t)
  const siteprofileUuid = randomUUID()
  const data: Record<string, unknown> = {
    first_name: 'Julio',
    middle_name: 'José',
    last_name: 'Iglesias',
    title: 'mr',
    customer_type: 'customer',
    company: 'Columbia',
    addresses: [{ type: 'home', street: 'Francisco de Sales', house_number: '288', postal_code: '28003', city: 'Madrid', country: 'Spain' }],
    siteprofile_uuids: [siteprofileUuid],
    emails: [],
    phones: [{ type: 'office', number: '123' }],
    notes: 'I am the Spanish Gigolò',
    workflowlevel1_uuids: [wflvl1],
    workflowlevel2_uuids: [wflvl2],
  }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 201, response.body)
  t.same(subset(data, response.json()), data)
  const contact = await storedContact(c.pool, response.json().id)
  t.same(subset(data, contact), data)
})

t.test('ContactCreateViewsTest.test_create_with_invalid_email', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const data = {
    first_name: 'Máx', last_name: 'Cöoper', organization_uuid: 'ignore_this', workflowlevel1_uuids: [wflvl1],
    emails: [{ type: EMAIL_TYPE_CHOICES[0], email: 'bad' }],
  }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 400)
  t.equal(String(response.json().emails[0]), 'Enter a valid email address.')
  // response.data['emails'][0].code == 'invalid': the code is not in DRF's JSON; the message is that code's
})

t.test('ContactCreateViewsTest.test_create_with_invalid_phone', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const data = {
    first_name: 'Máx', last_name: 'Cöoper', organization_uuid: 'ignore_this', workflowlevel1_uuids: [wflvl1],
    phones: [{ type: PHONE_TYPE_CHOICES[0], number: '01' }],
  }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 400)
  t.ok(String(response.json().phones[0]).includes(
    "Invalid value: {'type': 'office', 'number': '01'}. List of 'phone' objects with the structure:"), response.body)
  // .code == 'invalid': see test_create_with_invalid_email
})

t.test('ContactCreateViewsTest.test_create_with_invalid_address', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const data = {
    first_name: 'Máx', last_name: 'Cöoper', organization_uuid: 'ignore_this', workflowlevel1_uuids: [wflvl1],
    addresses: [{ type: 'FAKE', street: 'Oderberger Straße', house_number: '16A', postal_code: '10435', city: 'Berlin', country: 'Germany' }],
  }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 400)
  t.ok(String(response.json().addresses[0]).includes("List of 'address' objects with the structure:"), response.body)
  // .code == 'invalid': see test_create_with_invalid_email
})

t.test('ContactCreateViewsTest.test_create_contacts_anonymoususer', async (t) => {
  const { c } = await setUp(t)
  const response = await c.request({ method: 'POST', url: '/contact/', form: {} })
  t.equal(response.statusCode, 403)
})

t.test('ContactCreateViewsTest.test_create_contact_invalid_customer_id', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  await c.f.contact({ organization_uuid: session.jwt_organization_uuid, customer_id: 10001 })
  const data = { workflowlevel1_uuids: [wflvl1], customer_id: 10001 }
  const response = await c.request({ method: 'POST', url: '/contact/', as: session, json: data })
  t.equal(response.statusCode, 400)
  const { rows } = await c.pool.query(
    'select count(*)::int as n from contact c join organization o on o.id = c.organization_id where o.uuid = $1', [session.jwt_organization_uuid])
  t.equal(rows[0].n, 1)
})

t.test('ContactUpdateViewsTest.test_update_contact_minimal', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1] })
  const data = { first_name: 'David', middle_name: 'Keith', last_name: 'Lynch', title_display: 'Dr.' }
  const response = await c.request({ method: 'PUT', url: `/contact/${contact.id}/`, as: session, form: data })
  t.equal(response.statusCode, 200, response.body)
})

t.test('ContactUpdateViewsTest.test_update_contact_w_contact_type', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const globalType = await c.f.type({ is_global: true })
  const contact = await c.f.contact({ organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1] })
  const response = await c.request({ method: 'PUT', url: `/contact/${contact.id}/`, as: session, form: { contact_type: globalType.uuid } })
  t.equal(response.statusCode, 200, response.body)
  t.equal((await storedContact(c.pool, contact.id))?.contact_type_id, globalType.uuid)
})

t.test('ContactUpdateViewsTest.test_update_contact', async (t) => {
  const { c, session, wflvl1, wflvl2 } = await setUp(t)
  const siteprofileUuid = randomUUID()
  const contact = await c.f.contact({
    emails: [{ type: 'private', email: 'emil@io.io' }], organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1], customer_id: 123,
  })
  const data: Record<string, unknown> = {
    first_name: 'David',
    middle_name: 'Keith',
    last_name: 'Lynch',
    addresses: [{ type: 'home', street: 'Francisco de Sales', house_number: '288', postal_code: '28003', city: 'Madrid', country: 'Spain' }],
    siteprofile_uuids: [siteprofileUuid],
    emails: [],
    phones: [{ type: 'office', number: '12345' }, { type: 'mobile', number: '67890' }],
    notes: 'My notes',
    organization_uuid: 'ignore_this',
    workflowlevel1_uuids: [wflvl1],
    workflowlevel2_uuids: [wflvl2],
    customer_id: 123,
  }
  const response = await c.request({ method: 'PUT', url: `/contact/${contact.id}/`, as: session, json: data })
  t.equal(response.statusCode, 200, response.body)
  const stored = await storedContact(c.pool, response.json().id)
  data.organization_uuid = session.jwt_organization_uuid
  t.same(subset(data, stored), data)
})

t.test('ContactUpdateViewsTest.test_update_contact_belonging_to_user_org', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: session.jwt_organization_uuid })
  const data: Record<string, unknown> = { last_name: 'Lynch', workflowlevel1_uuids: [wflvl1] }
  const response = await c.request({ method: 'PUT', url: `/contact/${contact.id}/`, as: session, json: data })
  t.equal(response.statusCode, 200, response.body)
  const stored = await storedContact(c.pool, response.json().id)
  data.organization_uuid = session.jwt_organization_uuid
  t.same(subset(data, stored), data)
})

t.test('ContactUpdateViewsTest.test_update_contact_not_belonging_to_user_org', async (t) => {
  const { c, session } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: randomUUID() })
  const response = await c.request({ method: 'PUT', url: `/contact/${contact.id}/`, as: session, json: { last_name: 'Lynch' } })
  t.equal(response.statusCode, 403, response.body)
})

t.test('ContactUpdateViewsTest.test_update_contact_allows_blank_field', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const contact = await c.f.contact({
    core_user_uuid: session.jwt_core_user_uuid, organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1],
  })
  const response = await c.request({
    method: 'PUT', url: `/contact/${contact.id}/`, as: session, json: { first_name: 'David', middle_name: 'Keith', last_name: '' },
  })
  t.equal(response.statusCode, 200)
  t.equal(response.json().last_name, '')
})

t.test('ContactUpdateViewsTest.test_update_contact_fails_invalid_phone_schema', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1] })
  const data = { phones: [{ type: 'invented', number: '12345' }, { type: 'mobile', number: '67890' }] }
  const response = await c.request({ method: 'PUT', url: `/contact/${contact.id}/`, as: session, form: data })
  t.equal(response.statusCode, 400)
})

t.test('ContactUpdateViewsTest.test_update_contact_fails_invalid_customer_id', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  await c.f.contact({ customer_id: 123, organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1] })
  const contact = await c.f.contact({ customer_id: 124, organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1] })
  const response = await c.request({ method: 'PUT', url: `/contact/${contact.id}/`, as: session, form: { customer_id: 123 } })
  t.equal(response.statusCode, 400)
})

t.test('ContactUpdateViewsTest.test_update_contact_blank_field_valid', async (t) => {
  const { c, session, wflvl1 } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: session.jwt_organization_uuid, workflowlevel1_uuids: [wflvl1] })
  const response = await c.request({ method: 'PUT', url: `/contact/${contact.id}/`, as: session, json: { middle_name: '' } })
  t.equal(response.statusCode, 200, response.body)
})

t.test('ContactUpdateViewsTest.test_update_contacts_anonymoususer', async (t) => {
  const { c } = await setUp(t)
  // view(request) without a pk: the permission check answers before any lookup
  const response = await c.request({ method: 'PUT', url: '/contact/1/', form: {} })
  t.equal(response.statusCode, 403)
})

t.test('ContactDeleteViewsTest.test_delete_contact', async (t) => {
  const { c, session } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: session.jwt_organization_uuid })
  const response = await c.request({ method: 'DELETE', url: `/contact/${contact.id}/`, as: session })
  t.equal(response.statusCode, 204)
  t.equal(await storedContact(c.pool, contact.id), undefined, 'Contact.DoesNotExist')
})

t.test('ContactDeleteViewsTest.test_delete_contact_diff_org', async (t) => {
  const { c, session } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: randomUUID() })
  const response = await c.request({ method: 'DELETE', url: `/contact/${contact.id}/`, as: session })
  t.equal(response.statusCode, 403)
})

t.test('ContactDeleteViewsTest.test_delete_contact_diff_org_superuser', async (t) => {
  const { c } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: randomUUID() })
  const response = await c.request({ method: 'DELETE', url: `/contact/${contact.id}/`, as: 'superuser' })
  t.equal(response.statusCode, 204)
})

t.test('ContactDeleteViewsTest.test_delete_contact_anonymous_user', async (t) => {
  const { c, session } = await setUp(t)
  const contact = await c.f.contact({ organization_uuid: session.jwt_organization_uuid })
  const response = await c.request({ method: 'DELETE', url: `/contact/${contact.id}/` })
  t.equal(response.statusCode, 403)
})
