// contact/tests/test_models.py, translated as test/compat/crm/harness.ts describes. These are model
// tests: `contact.full_clean()` (+ `save()`) becomes creating the contact through the API (201 =
// valid and saved, 400 = the ValidationError, whose message dict is the body), and
// `Contact.build(...)` the factory's fields sent in that request.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { FACTORY_CONTACT_ORG, FACTORY_CONTACT_WORKFLOWLEVEL1 } from './factories.js'
import { compat, newSession, type Compat } from './harness.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

const ADDRESS_TYPE_CHOICES = ['home', 'billing', 'business', 'delivery', 'mailing']
const PHONE_TYPE_CHOICES = ['office', 'mobile', 'home', 'fax']
const EMAIL_TYPE_CHOICES = ['office', 'private', 'other']
/** `str(uuid.uuid4)`, which the upstream tests put in workflowlevel1_uuids (the function, not a UUID) */
const STR_UUID4 = '<function uuid4 at 0x7f3c2a1b9e18>'

/** mfactories.Contact.build(**overrides): the factory's fields, ready to be validated */
function build(overrides: Record<string, unknown> = {}) {
  return {
    first_name: 'David', last_name: 'Bowie', title: 'mr', customer_type: 'customer', company: 'RCA', addresses: [],
    emails: [{ type: 'private', email: 'contact@bowie.co.uk' }, { type: 'office', email: 'bowie@label.co.uk' }],
    phones: [], notes: "Bowie's notes", workflowlevel1_uuids: [FACTORY_CONTACT_WORKFLOWLEVEL1], ...overrides,
  }
}

/** contact.full_clean() (and save): the API's answer to creating it */
const fullClean = (c: Compat, data: Record<string, unknown>, session = newSession()) =>
  c.request({ method: 'POST', url: '/contact/', as: session, json: data })

t.test('ContactTest.test_contact_save_minimal', async (t) => {
  const c = await compat(t)
  const session = newSession()
  const data = { first_name: 'John', last_name: 'Misty', workflowlevel1_uuids: [STR_UUID4] }
  const saved = await fullClean(c, data, session)
  t.equal(saved.statusCode, 201, saved.body)
  const contactSaved = (await c.request({ method: 'GET', url: `/contact/${saved.json().id}/`, as: session })).json()
  t.equal(contactSaved.first_name, data.first_name)
  t.equal(contactSaved.last_name, data.last_name)
})

t.test('ContactTest.test_contact_save_fails_missing_core_user_uuid', async (t) => {
  const c = await compat(t)
  t.equal((await fullClean(c, { first_name: 'John', last_name: 'Misty' })).statusCode, 400, 'ValidationError')
})

t.test('ContactTest.test_contact_save_fails_missing_name', async (t) => {
  const c = await compat(t)
  t.equal((await fullClean(c, { last_name: 'Misty' })).statusCode, 400, 'ValidationError')
  t.equal((await fullClean(c, { first_name: 'John' })).statusCode, 400, 'ValidationError')
})

t.test('ContactTest.test_contact_save_no_address', async (t) => {
  const c = await compat(t)
  const contact = await c.f.contact()
  const saved = (await c.request({ method: 'GET', url: `/contact/${contact.id}/`, as: newSession(FACTORY_CONTACT_ORG) })).json()
  t.equal(saved.title, contact.title)
  t.equal(saved.contact_type, contact.contact_type_uuid)
  t.equal(saved.customer_type, contact.customer_type)
  t.equal(saved.company, contact.company)
  t.same(saved.addresses, [])
  t.same(saved.emails, contact.emails)
  t.same(saved.phones, contact.phones)
  t.equal(saved.notes, contact.notes)
})

t.test('ContactTest.test_contact_save_email_fail', async (t) => {
  const c = await compat(t)
  const error = await fullClean(c, build({ emails: [{ type: null }] }))
  t.equal(error.statusCode, 400, 'ValidationError was raised')
  t.ok('emails' in error.json())
  t.ok(error.json().emails[0].includes("Invalid value: {'type': None}. List of 'email' objects with the structure:"), error.body)
  t.equal((await fullClean(c, build({ emails: [{ type: 'private', email: 'contact' }] }))).statusCode, 400)
})

t.test('ContactTest.test_contact_save_email_without_top_level_domain', async (t) => {
  const c = await compat(t)
  t.equal((await fullClean(c, build({ emails: [{ type: 'private', email: 'contact@localhost' }] }))).statusCode, 201)
})

t.test('ContactTest.test_contact_save_emails', async (t) => {
  const c = await compat(t)
  t.equal((await fullClean(c, build({ emails: [] }))).statusCode, 201)
  for (const emailType of EMAIL_TYPE_CHOICES) {
    t.equal((await fullClean(c, build({ emails: [{ type: emailType, email: 'email@example.com' }] }))).statusCode, 201, emailType)
  }
})

t.test('ContactTest.test_contact_save_address_fail', async (t) => {
  const c = await compat(t)
  const error = await fullClean(c, build({ addresses: [{ type: null }] }))
  t.equal(error.statusCode, 400, 'ValidationError was raised')
  t.ok('addresses' in error.json())
  t.ok(error.json().addresses[0].includes("Invalid value: {'type': None}. List of 'address' objects with the structure:"), error.body)
  t.equal((await fullClean(c, build({ addresses: [{ type: 'invented' }] }))).statusCode, 400)
})

t.test('ContactTest.test_contact_save_address', async (t) => {
  const c = await compat(t)
  for (const addressType of ADDRESS_TYPE_CHOICES) {
    t.equal((await fullClean(c, build({ addresses: [{ type: addressType }] }))).statusCode, 201, addressType)
  }
  const addresses = [
    { type: 'home', street: 'Oderberger Straße', house_number: '16A', postal_code: '10435', city: 'Berlin', country: 'Germany' },
    { type: 'billing', street: 'Millán de Priego', house_number: '44', postal_code: '23004', city: 'Jaén', country: 'España' },
  ]
  t.equal((await fullClean(c, build({ addresses }))).statusCode, 201)
})

t.test('ContactTest.test_contact_save_phones_fail', async (t) => {
  const c = await compat(t)
  const error = await fullClean(c, build({ phones: [{ type: null }] }))
  t.equal(error.statusCode, 400, 'ValidationError was raised')
  t.ok('phones' in error.json())
  t.ok(error.json().phones[0].includes("Invalid value: {'type': None}. List of 'phone' objects with the structure:"), error.body)
  t.equal((await fullClean(c, build({ phones: [{ type: 'invented' }] }))).statusCode, 400)
  t.equal((await fullClean(c, build({ phones: [{ type: 'invented', number: '99' }] }))).statusCode, 400)
  t.equal((await fullClean(c, build({ phones: [{ type: 'invented', number: '9'.repeat(21) }] }))).statusCode, 400)
})

t.test('ContactTest.test_contact_save_phones', async (t) => {
  const c = await compat(t)
  t.equal((await fullClean(c, build({ phones: [] }))).statusCode, 201)
  for (const phoneType of PHONE_TYPE_CHOICES) {
    t.equal((await fullClean(c, build({ phones: [{ type: phoneType, number: '911' }] }))).statusCode, 201, phoneType)
  }
})

t.test('ContactTest.test_contact_save_phones_unicode', async (t) => {
  const c = await compat(t)
  t.equal((await fullClean(c, build({ phones: [{ type: 'mobile', number: '911' }] }))).statusCode, 201)
})

t.test('ContactTest.test_string_representation', async (t) => {
  // str(contact) has no HTTP counterpart; what it shows — the names, unicode intact — must come back as given.
  const c = await compat(t)
  const contact = await fullClean(c, { first_name: 'Jóhn', last_name: 'Mïsty', workflowlevel1_uuids: [randomUUID()] })
  t.equal(`${contact.json().first_name} ${contact.json().last_name}`, 'Jóhn Mïsty')
})

t.test('ContactTest.test_set_customer_id_on_save', async (t) => {
  const c = await compat(t)
  const session = newSession()
  const contact = await fullClean(c, { first_name: 'Jóhn', last_name: 'Mïsty', workflowlevel1_uuids: [STR_UUID4] }, session)
  const contact2 = await fullClean(c, { first_name: 'Jóhn', last_name: 'Mïsty', workflowlevel1_uuids: [STR_UUID4] }, session)
  t.equal(contact.json().customer_id, 10001)
  t.equal(contact2.json().customer_id, 10002)
})

t.test('ContactTest.test_unique_customer_id', async (t) => {
  const c = await compat(t)
  const session = newSession()
  t.equal((await fullClean(c, { workflowlevel1_uuids: [STR_UUID4], customer_id: 10001 }, session)).statusCode, 201)
  const duplicate = await fullClean(c, { workflowlevel1_uuids: [STR_UUID4], customer_id: 10001 }, session)
  t.equal(duplicate.statusCode, 400, 'IntegrityError')
  // the IntegrityError's message, as the original's exception handler put it in `cause`
  t.ok(String(duplicate.json().cause).includes('duplicate key value violates unique constraint "unique_organization_customer_id"'), duplicate.body)
})
