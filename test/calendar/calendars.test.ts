import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from './helpers.js'

t.test('calendars', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const pool = deps.database.pool
  const other = await makeTenant(call, deps)
  const mine = await makeTenant(call, deps, 'manager')

  t.test('create, update, list (filter by user)', async (t) => {
    const c = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar/', as: 'manager', payload: { name: 'work', user: mine.calendarUserId } }), 201)
    t.match(c, { name: 'work', max_concurrent: 0 })
    t.match(c.user, new RegExp(`/rest-api/calendar-user/${mine.calendarUserId}/$`))
    const p = expectStatus(await call({ method: 'PATCH', url: `/rest-api/calendar/${c.id}/`, as: 'manager', payload: { max_concurrent: '3', name: 'office' } }), 200)
    t.match(p, { name: 'office', max_concurrent: 3 })
    const list = expectStatus(await call({ method: 'GET', url: `/rest-api/calendar/?user=${encodeURIComponent(c.user)}`, as: 'manager' }), 200)
    t.same(list.results.map((r: { id: number }) => r.id), [mine.calendarId, c.id])
    t.equal((await call({ method: 'GET', url: '/rest-api/calendar/?user=nonsense', as: 'manager' })).statusCode, 400)
  })

  t.test('validation errors name the field', async (t) => {
    const cases: [Record<string, unknown>, string][] = [
      [{ user: mine.calendarUserId }, 'name'],
      [{ name: 'x' }, 'user'],
      [{ name: 'x', user: other.calendarUserId }, 'user'],
      [{ name: 'x', user: mine.managerId }, 'user'],
      [{ name: 'x', user: mine.calendarUserId, max_concurrent: -1 }, 'max_concurrent'],
      [{ name: 'x', user: mine.calendarUserId, max_concurrent: 'many' }, 'max_concurrent'],
      [{ name: 'x', user: 'http://x/rest-api/calendar/1/' }, 'user'],
    ]
    for (const [payload, field] of cases) {
      const res = await call({ method: 'POST', url: '/rest-api/calendar/', as: 'manager', payload })
      t.equal(res.statusCode, 400, `${field}: ${res.body}`)
      t.ok(res.json()[field.split('.')[0]!], `${field} named: ${res.body}`)
    }
  })

  t.test("another manager's calendar is a 404; a calendar user sees only their own", async (t) => {
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
      const res = await call({ method, url: `/rest-api/calendar/${other.calendarId}/`, as: 'manager', payload: method === 'PATCH' || method === 'PUT' ? { name: 'x', user: mine.calendarUserId } : undefined })
      t.equal(res.statusCode, 404, method)
    }
    const cu = mine.calendarUser
    const own = expectStatus(await call({ method: 'GET', url: '/rest-api/calendar/', as: cu }), 200)
    t.ok(own.results.length >= 1)
    t.ok(own.results.every((r: { user: string }) => r.user.endsWith(`/calendar-user/${mine.calendarUserId}/`)))
    t.equal((await call({ method: 'GET', url: `/rest-api/calendar/${other.calendarId}/`, as: cu })).statusCode, 404)
    // A calendar user may keep calendars of their own (and only of their own).
    const made = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar/', as: cu, payload: { name: 'personal' } }), 201)
    t.match(made.user, new RegExp(`/calendar-user/${mine.calendarUserId}/$`))
    const res = await call({ method: 'POST', url: '/rest-api/calendar/', as: cu, payload: { name: 'x', user: other.calendarUserId } })
    t.equal(res.statusCode, 400)
    t.equal(expectStatus(await call({ method: 'GET', url: `/rest-api/calendar/${other.calendarId}/`, as: 'admin' }), 200).id, other.calendarId)
  })

  t.test('delete: its events go, alarms are cancelled, the alarm log stays', async (t) => {
    const alarm = expectStatus(await call({ method: 'POST', url: '/rest-api/alarm/', as: 'manager', payload: { event: mine.eventId, alarm_phonenumber: '+14155550100' } }), 201)
    await pool.query('insert into alarm_request (alarm_id, status, call_id) values ($1, 3, 99)', [alarm.id])
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/calendar/${mine.calendarId}/`, as: 'manager' }), 204)
    t.equal((await call({ method: 'GET', url: `/rest-api/calendar/${mine.calendarId}/`, as: 'manager' })).statusCode, 404)
    t.equal((await call({ method: 'GET', url: `/rest-api/event/${mine.eventId}/`, as: 'manager' })).statusCode, 404)
    t.equal((await call({ method: 'GET', url: `/rest-api/alarm/${alarm.id}/`, as: 'manager' })).statusCode, 404)
    const { rows: [a] } = await pool.query('select status from alarm where id = $1', [alarm.id])
    t.equal(a.status, 7)
    const log = expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/?event=${mine.eventId}`, as: 'manager' }), 200)
    t.equal(log.count, 1)
    t.match(log.results[0], { status: 3 })
    t.match(log.results[0].callrequest, /\/rest-api\/callrequest\/99\/$/)
    const nested = expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/${mine.eventId}/get_nested_alarm_request/`, as: 'manager' }), 200)
    t.ok(nested[`event-${mine.eventId}`][`alarm-${alarm.id}`], 'the nested log of a deleted event stays readable')
    // Creating events in a deleted calendar is refused, naming the field.
    const res = await call({ method: 'POST', url: '/rest-api/event/', as: 'manager', payload: { title: 'x', calendar: mine.calendarId } })
    t.equal(res.statusCode, 400)
    t.ok(res.json().calendar)
  })
})
