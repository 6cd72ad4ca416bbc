// crm_service/tests/test_docs.py, translated as test/compat/crm/harness.ts describes.
import t from 'tap'
import { compat } from './harness.js'

// Each subtest has its own database and app; three at a time keep the file within tap's timeout.
t.jobs = 3

t.test('DocsViewTest.test_docs_success', async (t) => {
  const c = await compat(t)
  const response = await c.request({ method: 'GET', url: '/docs/' })
  t.equal(response.statusCode, 200)
})

t.test('DocsViewTest.test_swagger_json_success', async (t) => {
  const c = await compat(t)
  const response = await c.request({ method: 'GET', url: '/docs/swagger.json' })
  t.equal(response.statusCode, 200)
  t.equal(response.json().info.title, 'CRM Service API')
})
