// contact/tests/test_serializers.py, translated as test/compat/crm/harness.ts describes: a
// serializer's output is what GET on the object answers.
import t from 'tap'
import { FACTORY_CONTACT_ORG } from './factories.js'
import { compat, newSession } from './harness.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

const KEYS = [
  'uuid', 'id', 'first_name', 'last_name', 'middle_name', 'addresses', 'siteprofile_uuids', 'workflowlevel2_uuids', 'title',
  'title_display', 'suffix', 'phones', 'company', 'contact_type', 'organization_uuid', 'customer_type', 'notes',
  'workflowlevel1_uuids', 'emails', 'customer_id', 'create_date', 'edit_date',
]
/** Tocsin's reminders (issue 13): the contact gains these; extra keys break no DRF client. */
const TOCSIN_KEYS = ['timezone', 'language']
const REMINDER_FIELDS = { todo: 'deviation (docs/compatibility.md): the contact also shows its reminder fields' }

const serialized = async (t: { teardown(fn: () => unknown): void }, attrs: (c: Awaited<ReturnType<typeof compat>>) => Promise<Record<string, unknown>>) => {
  const c = await compat(t)
  const contact = await c.f.contact(await attrs(c))
  const response = await c.request({ method: 'GET', url: `/contact/${contact.id}/`, as: newSession(FACTORY_CONTACT_ORG) })
  return response.json()
}

t.test('ContactSerializerTest.test_contains_expected_fields', async (t) => {
  const data = await serialized(t, async () => ({}))
  t.same(new Set(Object.keys(data)), new Set(KEYS), REMINDER_FIELDS)
})

t.test('ContactSerializerTest.test_contains_expected_fields (Tocsin: the same plus the reminder fields of issue 13)', async (t) => {
  const data = await serialized(t, async () => ({}))
  t.same(new Set(Object.keys(data)), new Set([...KEYS, ...TOCSIN_KEYS]))
  t.match(data, { timezone: null, language: null })
})

t.test('ContactSerializerTest.test_contains_expected_fields_w_contact_type_name', async (t) => {
  const data = await serialized(t, async (c) => ({ contact_type: await c.f.type({ is_global: true }) }))
  t.same(new Set(Object.keys(data)), new Set([...KEYS, 'contact_type_name']), REMINDER_FIELDS)
})

t.test('ContactSerializerTest.test_contains_expected_fields_w_contact_type_name (Tocsin: the same plus the reminder fields of issue 13)', async (t) => {
  const data = await serialized(t, async (c) => ({ contact_type: await c.f.type({ is_global: true }) }))
  t.same(new Set(Object.keys(data)), new Set([...KEYS, 'contact_type_name', ...TOCSIN_KEYS]))
})

t.test('ContactSerializerTest.test_title_display_field', async (t) => {
  const data = await serialized(t, async () => ({ title: 'mr' }))
  t.equal(data.title_display, 'Mr.')
})

t.test('ContactNameSerializerTest.test_contains_expected_fields', {
  skip: 'ContactNameSerializer is used by no view of the original, so nothing over HTTP shows it (docs/compatibility.md)',
}, async () => {})
