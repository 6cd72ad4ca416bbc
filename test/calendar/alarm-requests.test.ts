import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from './helpers.js'

t.test('alarm requests (the attempt log)', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const pool = deps.database.pool
  const other = await makeTenant(call, deps)
  const mine = await makeTenant(call, deps, 'manager')
  const alarmOf = async (as: string, event: number) =>
    expectStatus(await call({ method: 'POST', url: '/rest-api/alarm/', as, payload: { event, alarm_phonenumber: '+14155550100' } }), 201).id as number
  const attempt = async (alarm: number, status: number, date: string, callId: number | null = null) =>
    (await pool.query('insert into alarm_request (alarm_id, date, status, callstatus, duration, call_id) values ($1, $2, $3, 4, 12, $4) returning id',
      [alarm, date, status, callId])).rows[0].id as number

  const a1 = await alarmOf('manager', mine.eventId)
  const a2 = await alarmOf('manager', mine.eventId)
  const r1 = await attempt(a1, 4, '2030-01-10T08:00:00Z', 501)
  const r2 = await attempt(a1, 5, '2030-01-10T08:05:00Z', 502)
  const r3 = await attempt(a2, 3, '2030-01-11T08:00:00Z')
  const theirs = await attempt(await alarmOf(other.manager, other.eventId), 5, '2030-01-10T08:00:00Z', 900)

  t.test('list, retrieve, filters', async (t) => {
    const all = expectStatus(await call({ method: 'GET', url: '/rest-api/alarm-request/', as: 'manager' }), 200)
    t.same(all.results.map((r: { id: number }) => r.id), [r1, r2, r3])
    const one = expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/${r1}/`, as: 'manager' }), 200)
    t.match(one, { id: r1, status: 4, callstatus: 4, duration: 12, date: '2030-01-10T08:00:00.000Z' })
    t.match(one.alarm, new RegExp(`/rest-api/alarm/${a1}/$`))
    t.match(one.event, new RegExp(`/rest-api/event/${mine.eventId}/$`))
    t.match(one.callrequest, /\/rest-api\/callrequest\/501\/$/)
    t.equal(expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/${r3}/`, as: 'manager' }), 200).callrequest, null)
    const ids = async (query: string) =>
      expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/?${query}`, as: 'manager' }), 200).results.map((r: { id: number }) => r.id)
    t.same(await ids(`alarm=${a1}`), [r1, r2])
    t.same(await ids(`alarm=${encodeURIComponent(`http://h/rest-api/alarm/${a2}/`)}`), [r3])
    t.same(await ids(`event=${mine.eventId}&status=5`), [r2])
    t.same(await ids('date_from=2030-01-10 08:01:00&date_to=2030-01-11T08:00:00Z'), [r2, r3])
    t.same(await ids(`event=${other.eventId}`), [], "another manager's event filters to nothing")
    for (const [query, field] of [['status=9', 'status'], ['date_from=yesterday', 'date_from'], ['alarm=x', 'alarm'], ['event=http://h/rest-api/rule/1/', 'event']] as const) {
      const res = await call({ method: 'GET', url: `/rest-api/alarm-request/?${query}`, as: 'manager' })
      t.equal(res.statusCode, 400, query)
      t.ok(res.json()[field.split('.')[0]!], `${field} named: ${res.body}`)
    }
  })

  t.test('written by hand, as Newfies allowed: recorded (not dialled), never deleted', async (t) => {
    const missing = await call({ method: 'POST', url: '/rest-api/alarm-request/', as: 'manager', payload: { alarm: a1 } })
    t.equal(missing.statusCode, 400)
    t.same(missing.json(), { date: ['This field is required.'] })
    const created = await call({
      method: 'POST', url: '/rest-api/alarm-request/', as: 'manager',
      payload: { alarm: `http://h/rest-api/alarm/${a2}/`, date: '2030-01-12 09:00:00', status: '1', callrequest: null },
    })
    t.equal(created.statusCode, 201, created.body)
    t.match(created.json(), { status: 1, callstatus: 0, duration: 0, date: '2030-01-12T09:00:00.000Z', callrequest: null })
    t.equal(created.headers.location, created.json().url)
    const { rows } = await pool.query('select count(*)::int as n from call')
    t.equal(rows[0].n, 0, 'no call placed')
    const patched = await call({ method: 'PATCH', url: `/rest-api/alarm-request/${created.json().id}/`, as: 'manager', payload: { status: 5, duration: 30 } })
    t.match(patched.json(), { status: 5, duration: 30, date: '2030-01-12T09:00:00.000Z' })
    const put = await call({ method: 'PUT', url: `/rest-api/alarm-request/${created.json().id}/`, as: 'manager', payload: { status: 3 } })
    t.equal(put.statusCode, 400, 'PUT wants the required fields')
    for (const [payload, field] of [
      [{ alarm: 999999, date: '2030-01-12 09:00:00' }, 'alarm'],
      [{ alarm: a1, date: 'soon' }, 'date'],
      [{ alarm: a1, date: '2030-01-12 09:00:00', callrequest: 'http://h/rest-api/callrequest/424242/' }, 'callrequest'],
      [{ alarm: a1, date: '2030-01-12 09:00:00', status: 9 }, 'status'],
    ] as const) {
      const res = await call({ method: 'POST', url: '/rest-api/alarm-request/', as: 'manager', payload })
      t.equal(res.statusCode, 400, JSON.stringify(payload))
      t.ok(res.json()[field], `${field} named: ${res.body}`)
    }
    const theirAlarm = (await pool.query('select alarm_id from alarm_request where id = $1', [theirs])).rows[0].alarm_id
    const foreign = await call({ method: 'POST', url: '/rest-api/alarm-request/', as: 'manager', payload: { alarm: theirAlarm, date: '2030-01-12 09:00:00' } })
    t.same(foreign.json(), { alarm: ['Invalid hyperlink - Object does not exist.'] }, "another manager's alarm is not found")
    const deleted = await call({ method: 'DELETE', url: `/rest-api/alarm-request/${r1}/`, as: 'admin' })
    t.equal(deleted.statusCode, 405)
    t.match(deleted.headers.allow, /GET/)
    await pool.query('delete from alarm_request where id = $1', [created.json().id])
  })

  t.test('nested log: the seed shape, keys by id', async (t) => {
    const n = expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/${mine.eventId}/get_nested_alarm_request/`, as: 'manager' }), 200)
    const alarms = n[`event-${mine.eventId}`]
    t.same(Object.keys(alarms), [`alarm-${a1}`, `alarm-${a2}`])
    t.same(Object.keys(alarms[`alarm-${a1}`]).filter((k) => k.startsWith('alarm-request-')), [`alarm-request-${r1}`, `alarm-request-${r2}`])
    t.match(alarms[`alarm-${a2}`][`alarm-request-${r3}`], { status: '3', callstatus: '4', duration: '12', 'alarm-callrequest': null })
    // Newfies answered an unknown (or unreachable) event with 200 and this body
    const empty = expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/${mine.eventId + 1000}/get_nested_alarm_request/`, as: 'admin' }), 200)
    t.same(empty, { error: 'event id is not valid' })
  })

  t.test("another manager's log is a 404; calendar users see their own", async (t) => {
    t.equal((await call({ method: 'GET', url: `/rest-api/alarm-request/${theirs}/`, as: 'manager' })).statusCode, 404)
    t.same((await call({ method: 'GET', url: `/rest-api/alarm-request/${other.eventId}/get_nested_alarm_request/`, as: 'manager' })).json(), { error: 'event id is not valid' })
    const cu = expectStatus(await call({ method: 'GET', url: '/rest-api/alarm-request/', as: mine.calendarUser }), 200)
    t.same(cu.results.map((r: { id: number }) => r.id), [r1, r2, r3])
    t.equal((await call({ method: 'GET', url: `/rest-api/alarm-request/${theirs}/`, as: mine.calendarUser })).statusCode, 404)
    expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/${mine.eventId}/get_nested_alarm_request/`, as: mine.calendarUser }), 200)
    const admin = expectStatus(await call({ method: 'GET', url: '/rest-api/alarm-request/', as: 'admin' }), 200)
    t.equal(admin.count, 4)
  })
})
