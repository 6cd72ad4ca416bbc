// contact/tests/test_views_contact_type.py, translated as test/compat/crm/harness.ts describes.
import t from 'tap'
import { compat, newSession } from './harness.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

const count = async (c: { pool: { query(sql: string): Promise<{ rows: { n: number }[] }> } }) =>
  (await c.pool.query('select count(*)::int as n from contact_type')).rows[0]!.n

t.test('ContactTypeListViewsTest.test_list_global_and_org_contact_types', async (t) => {
  const c = await compat(t)
  const session = newSession()
  const orgType = await c.f.type({ organization_uuid: session.jwt_organization_uuid, is_global: false })
  const globalType = await c.f.type({ is_global: true })
  const orgGlobalType = await c.f.type({ organization_uuid: session.jwt_organization_uuid, is_global: true })
  const anotherOrgNotGlobalType = await c.f.type()

  const response = await c.request({ method: 'GET', url: '/contacttype/', as: session })
  const responseUuids = response.json().map((x: { uuid: string }) => x.uuid)

  t.equal(response.statusCode, 200)
  t.equal(response.json().length, 3)
  t.ok(responseUuids.includes(orgType.uuid))
  t.ok(responseUuids.includes(globalType.uuid))
  t.ok(responseUuids.includes(orgGlobalType.uuid))
  t.notOk(responseUuids.includes(anotherOrgNotGlobalType.uuid))
})

t.test('ContactTypeCreateViewsTest.test_create_content_type', async (t) => {
  const c = await compat(t)
  const session = newSession()
  const data = { name: 'new test type' }
  const response = await c.request({ method: 'POST', url: '/contacttype/', as: session, form: data })

  t.equal(response.statusCode, 201, response.body)
  const { rows: [orgType] } = await c.pool.query(
    'select t.name, o.uuid as organization_uuid, t.is_global from contact_type t join organization o on o.id = t.organization_id')
  t.equal(orgType.name, data.name)
  t.equal(orgType.organization_uuid, session.jwt_organization_uuid)
  t.notOk(orgType.is_global)
})

t.test('ContactTypeUpdateViewsTest.test_update_org_contact_type', async (t) => {
  const c = await compat(t)
  const session = newSession()
  const orgType = await c.f.type({ organization_uuid: session.jwt_organization_uuid, is_global: false, name: 'a Test Type' })
  const response = await c.request({ method: 'PATCH', url: `/contacttype/${orgType.uuid}/`, as: session, form: { name: 'still a test type' } })

  t.equal(response.statusCode, 200, response.body)
  const { rows: [refreshed] } = await c.pool.query('select name from contact_type where uuid = $1', [orgType.uuid])
  t.equal(refreshed.name, 'still a test type')
})

t.test('ContactTypeDeleteViewsTest.test_delete_org_contact_type', async (t) => {
  const c = await compat(t)
  const session = newSession()
  const orgType = await c.f.type({ organization_uuid: session.jwt_organization_uuid, is_global: false, name: 'a Test Type' })
  const response = await c.request({ method: 'DELETE', url: `/contacttype/${orgType.uuid}/`, as: session })

  t.equal(response.statusCode, 204)
  t.equal(await count(c), 0)
})

t.test('ContactTypeDeleteViewsTest.test_delete_fail_another_org_contact_type', async (t) => {
  const c = await compat(t)
  const orgType = await c.f.type()
  const response = await c.request({ method: 'DELETE', url: `/contacttype/${orgType.uuid}/`, as: newSession() })

  t.equal(response.statusCode, 404)
  t.equal(await count(c), 1)
})

t.test('ContactTypeDeleteViewsTest.test_delete_fail_another_org_global_contact_type', async (t) => {
  const c = await compat(t)
  const orgType = await c.f.type({ is_global: true })
  const response = await c.request({ method: 'DELETE', url: `/contacttype/${orgType.uuid}/`, as: newSession() })

  t.equal(response.statusCode, 403)
  t.equal(await count(c), 1)
})
