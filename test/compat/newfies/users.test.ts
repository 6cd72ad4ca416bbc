// newfies/apirest/user_serializers.py (UserSerializer docstring), as test/compat/newfies/harness.ts describes.
import t from 'tap'
import { BASE, body, newfies } from './harness.js'

t.test('UserSerializer **Read**: GET /rest-api/users/', async (t) => {
  const n = await newfies(t)
  const res = body(t, await n.curl('GET', '/rest-api/users/'), 200)
  // The example lists every user of the installation (agent, manager, root); Tocsin lists the
  // caller's organization (docs/compatibility.md): here the seeded admin and manager.
  t.same(res, {
    count: 2,
    next: null,
    previous: null,
    results: [
      { url: `${BASE}/rest-api/users/1/`, username: 'admin', last_name: '', first_name: '', email: '', groups: [] },
      { url: `${BASE}/rest-api/users/2/`, username: 'manager', last_name: '', first_name: '', email: '', groups: [] },
    ],
  })
  t.same(body(t, await n.curl('GET', '/rest-api/users/2/'), 200), res.results[1])
  t.equal((await n.curl('GET', '/rest-api/users/')).headers['content-type'], 'application/json; charset=utf-8')
})
