import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from './helpers.js'

t.test('rules', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const other = await makeTenant(call, deps)
  const mine = await makeTenant(call, deps, 'manager')

  t.test("first start seeds Newfies' default rules (with its ids), shared", async (t) => {
    const list = expectStatus(await call({ method: 'GET', url: '/rest-api/rule/', as: 'manager' }), 200)
    t.same(list.results.map((r: { id: number; name: string }) => [r.id, r.name]), [
      [1, 'Monthly'], [2, 'Weekly (Monday-Friday) R-10'], [4, 'Weekly (Monday-Friday)'], [5, 'Yearly'], [6, 'Daily'],
    ])
    t.match(list.results[1], { frequency: 'WEEKLY', params: 'count:10;byweekday:0,1,2,3,4', rrule: 'FREQ=WEEKLY;COUNT=10;BYDAY=MO,TU,WE,TH,FR', user: null })
    t.match(list.results[0], { frequency: 'MONTHLY', params: '', rrule: 'FREQ=MONTHLY' })
  })

  t.test('write either form, read both', async (t) => {
    const a = expectStatus(await call({ method: 'POST', url: '/rest-api/rule/', as: 'manager', payload: { name: 'tue-thu', frequency: 'weekly', params: 'byweekday:1,3;interval:2' } }), 201)
    t.match(a, { frequency: 'WEEKLY', params: 'interval:2;byweekday:1,3', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH', description: '' })
    t.match(a.user, /\/rest-api\/user\/2\/$/)
    const b = expectStatus(await call({ method: 'POST', url: '/rest-api/rule/', as: 'manager', payload: { name: 'last friday', rrule: 'RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=6' } }), 201)
    t.match(b, { frequency: 'MONTHLY', params: 'count:6;byweekday:FR(-1)', rrule: 'FREQ=MONTHLY;COUNT=6;BYDAY=-1FR' })
    const c = expectStatus(await call({ method: 'PATCH', url: `/rest-api/rule/${a.id}/`, as: 'manager', payload: { params: 'count:3' } }), 200)
    t.match(c, { frequency: 'WEEKLY', params: 'count:3', rrule: 'FREQ=WEEKLY;COUNT=3' })
    const d = expectStatus(await call({ method: 'PATCH', url: `/rest-api/rule/${a.id}/`, as: 'manager', payload: { frequency: 'DAILY' } }), 200)
    t.match(d, { frequency: 'DAILY', params: 'count:3', rrule: 'FREQ=DAILY;COUNT=3' }, 'a new frequency keeps the params')
    const e = expectStatus(await call({ method: 'PUT', url: `/rest-api/rule/${a.id}/`, as: 'manager', payload: { name: 'yearly', rrule: 'FREQ=YEARLY;BYMONTH=3' } }), 200)
    t.match(e, { name: 'yearly', frequency: 'YEARLY', params: 'bymonth:3' })
    const f = expectStatus(await call({ method: 'PATCH', url: `/rest-api/rule/${a.id}/`, as: 'manager', payload: { description: 'only the text' } }), 200)
    t.match(f, { description: 'only the text', rrule: 'FREQ=YEARLY;BYMONTH=3' })
  })

  t.test('invalid rules: 400 naming the part; nothing is evaluated', async (t) => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ name: 'x' }, 'frequency', /required/],
      [{ name: 'x', frequency: 'FORTNIGHTLY' }, 'frequency', /FORTNIGHTLY/],
      [{ name: 'x', frequency: 'WEEKLY', params: 'byweekday:9' }, 'params', /byweekday/],
      [{ name: 'x', frequency: 'WEEKLY', params: '__import__("os").system:"id"' }, 'params', /key:value|unknown/],
      [{ name: 'x', frequency: 'DAILY', params: 'count:0' }, 'params', /count/],
      [{ name: 'x', rrule: 'FREQ=DAILY;COUNT=2;UNTIL=20300101' }, 'rrule', /COUNT and UNTIL/],
      [{ name: 'x', rrule: 'BYDAY=MO' }, 'rrule', /FREQ/],
      [{ name: 'x', frequency: 'DAILY', rrule: 'FREQ=WEEKLY' }, 'rrule', /disagrees/],
      [{ frequency: 'DAILY' }, 'name', /required/],
    ]
    for (const [payload, field, message] of cases) {
      const res = await call({ method: 'POST', url: '/rest-api/rule/', as: 'manager', payload })
      t.equal(res.statusCode, 400, `${field}: ${res.body}`)
      t.match(res.json()[field.split('.')[0]!], message, `${field} named: ${res.body}`)
    }
    const res = await call({ method: 'PATCH', url: '/rest-api/rule/2/', as: 'admin', payload: { params: 'bymonth:13' } })
    t.equal(res.statusCode, 400)
    t.ok(res.json().params)
  })

  t.test('shared rules are changed by admins only; others are 404 across managers', async (t) => {
    t.equal((await call({ method: 'PATCH', url: '/rest-api/rule/1/', as: 'manager', payload: { name: 'x' } })).statusCode, 403)
    t.equal((await call({ method: 'DELETE', url: '/rest-api/rule/1/', as: 'manager' })).statusCode, 403)
    const shared = expectStatus(await call({ method: 'POST', url: '/rest-api/rule/', as: 'admin', payload: { name: 'hourly', frequency: 'HOURLY' } }), 201)
    t.equal(shared.user, null)
    expectStatus(await call({ method: 'GET', url: `/rest-api/rule/${shared.id}/`, as: other.manager }), 200)
    const theirs = expectStatus(await call({ method: 'POST', url: '/rest-api/rule/', as: other.manager, payload: { name: 'theirs', frequency: 'DAILY' } }), 201)
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
      const res = await call({ method, url: `/rest-api/rule/${theirs.id}/`, as: 'manager', payload: method === 'PATCH' || method === 'PUT' ? { name: 'x', frequency: 'DAILY' } : undefined })
      t.equal(res.statusCode, 404, method)
    }
    const list = expectStatus(await call({ method: 'GET', url: '/rest-api/rule/?page_size=100', as: 'manager' }), 200)
    t.notOk(list.results.some((r: { id: number }) => r.id === theirs.id))
    // Calendar users read the rules they may use, and change none.
    const cu = expectStatus(await call({ method: 'GET', url: '/rest-api/rule/?page_size=100', as: mine.calendarUser }), 200)
    t.ok(cu.results.some((r: { id: number }) => r.id === 6))
    t.notOk(cu.results.some((r: { id: number }) => r.id === theirs.id))
    t.equal((await call({ method: 'POST', url: '/rest-api/rule/', as: mine.calendarUser, payload: { name: 'x', frequency: 'DAILY' } })).statusCode, 403)
    // An event of another manager cannot use this manager's rule.
    const res = await call({ method: 'PATCH', url: `/rest-api/event/${mine.eventId}/`, as: 'manager', payload: { rule: theirs.url } })
    t.equal(res.statusCode, 400)
    t.ok(res.json().rule)
  })

  t.test('a rule that events recur by cannot be deleted (409)', async (t) => {
    const r = expectStatus(await call({ method: 'POST', url: '/rest-api/rule/', as: 'manager', payload: { name: 'used', frequency: 'DAILY' } }), 201)
    expectStatus(await call({ method: 'PATCH', url: `/rest-api/event/${mine.eventId}/`, as: 'manager', payload: { rule: r.url } }), 200)
    t.equal((await call({ method: 'DELETE', url: `/rest-api/rule/${r.id}/`, as: 'manager' })).statusCode, 409)
    expectStatus(await call({ method: 'PATCH', url: `/rest-api/event/${mine.eventId}/`, as: 'manager', payload: { rule: null } }), 200)
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/rule/${r.id}/`, as: 'manager' }), 204)
  })
})
