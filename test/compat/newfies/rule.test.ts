// newfies/apirest/api_appointment/rule_serializers.py (docstring), as test/compat/newfies/harness.ts describes.
// Newfies' RuleViewSet is read-only: its docstring's Create and Update could not work there.
// Tocsin lets managers write their own rules (an addition no Newfies client can depend on the
// absence of), so those examples are answered as documented.
import t from 'tap'
import { BASE, body, newfies } from './harness.js'

t.test('rule, as documented', async (t) => {
  const n = await newfies(t)
  let ruleId = 0

  t.test('RuleSerializer **Create**', async (t) => {
    const res = await n.curl('POST', '/rest-api/rule/', '{"name": "myrule", "frequency": "YEARLY", "params": "1"}')
    const created = body(t, res, 201)
    ruleId = created.id
    t.match(created, { name: 'myrule', frequency: 'YEARLY' })
  })

  t.test('RuleSerializer **Read**', async (t) => {
    const list = body(t, await n.curl('GET', '/rest-api/rule/?page_size=100'), 200)
    t.match(list, { count: Number, next: null, previous: null })
    const mine = list.results.find((r: { id: number }) => r.id === ruleId)
    t.match(mine, { url: `${BASE}/rest-api/rule/${ruleId}/`, name: 'myrule', description: '', frequency: 'YEARLY', params: String })
    t.ok(list.results.some((r: { name: string; frequency: string }) => r.name === 'Monthly' && r.frequency === 'MONTHLY'), 'the default rules too')
  })

  t.test('RuleSerializer **Update**', async (t) => {
    const res = body(t, await n.curl('PATCH', `/rest-api/rule/${ruleId}/`, '{"name": "mylittle phonebook"}'), 200)
    t.match(res, { name: 'mylittle phonebook', frequency: 'YEARLY' })
  })
})
