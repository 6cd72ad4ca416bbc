import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from './helpers.js'

t.test('events', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const pool = deps.database.pool
  const other = await makeTenant(call, deps)
  const mine = await makeTenant(call, deps, 'manager')
  const post = (payload: Record<string, unknown>, as = 'manager') => call({ method: 'POST', url: '/rest-api/event/', as, payload })
  const instant = async (id: number) => (await pool.query('select start, "end" from event where id = $1', [id])).rows[0] as { start: Date; end: Date }

  t.test("naive times are read in the event's zone; responses carry its offset", async (t) => {
    const summer = expectStatus(await post({ title: 's', calendar: mine.calendarId, timezone: 'Europe/Berlin', start: '2030-07-01 09:00:00', end: '2030-07-01T09:30' }), 201)
    t.match(summer, { start: '2030-07-01T09:00:00+02:00', end: '2030-07-01T09:30:00+02:00', timezone: 'Europe/Berlin' })
    t.equal((await instant(summer.id)).start.toISOString(), '2030-07-01T07:00:00.000Z')
    const winter = expectStatus(await post({ title: 'w', calendar: mine.calendarId, timezone: 'Europe/Berlin', start: '2030-01-10 09:00:00' }), 201)
    t.match(winter, { start: '2030-01-10T09:00:00+01:00', end: '2030-01-10T10:00:00+01:00' }, 'end defaults to an hour later')
    const given = expectStatus(await post({ title: 'o', calendar: mine.calendarId, timezone: 'Europe/Berlin', start: '2030-07-01T09:00:00Z', end: '2030-07-01T12:00:00-04:00' }), 201)
    t.match(given, { start: '2030-07-01T11:00:00+02:00', end: '2030-07-01T18:00:00+02:00' }, 'an offset is an instant')
    // Default zone: the creator's profile.
    expectStatus(await call({ method: 'PATCH', url: `/rest-api/calendar-user-profile/${mine.calendarUserId}/`, as: 'manager', payload: { timezone: 'America/New_York' } }), 200)
    const ny = expectStatus(await post({ title: 'ny', calendar: mine.calendarId, start: '2030-01-10 09:00:00', end: '2030-01-10 09:15:00' }), 201)
    t.match(ny, { timezone: 'America/New_York', start: '2030-01-10T09:00:00-05:00' })
    t.equal((await instant(ny.id)).start.toISOString(), '2030-01-10T14:00:00.000Z')
    // A wall time skipped by DST moves forward (02:30 does not exist in Berlin on 2030-03-31).
    const gap = expectStatus(await post({ title: 'gap', calendar: mine.calendarId, timezone: 'Europe/Berlin', start: '2030-03-31 02:30:00' }), 201)
    t.equal(gap.start, '2030-03-31T03:30:00+02:00')
  })

  t.test('update: moving the start keeps the duration; a new zone keeps the instants', async (t) => {
    const e = expectStatus(await post({ title: 'u', calendar: mine.calendarId, timezone: 'UTC', start: '2030-05-01 10:00', end: '2030-05-01 12:00', data: '{"cost": "40 euro"}' }), 201)
    t.same(e.data, { cost: '40 euro' }, 'data given as a JSON string is stored as the object')
    const moved = expectStatus(await call({ method: 'PATCH', url: `/rest-api/event/${e.id}/`, as: 'manager', payload: { start: '2030-05-02 08:00' } }), 200)
    t.match(moved, { start: '2030-05-02T08:00:00Z', end: '2030-05-02T10:00:00Z' })
    const zoned = expectStatus(await call({ method: 'PATCH', url: `/rest-api/event/${e.id}/`, as: 'manager', payload: { timezone: 'Asia/Tokyo', data: { room: 3 }, status: '3', notify_count: '2' } }), 200)
    t.match(zoned, { start: '2030-05-02T17:00:00+09:00', timezone: 'Asia/Tokyo', status: 3, notify_count: 2, data: { room: 3 } })
    const put = expectStatus(await call({ method: 'PUT', url: `/rest-api/event/${e.id}/`, as: 'manager', payload: { title: 'put', calendar: mine.calendarId, start: '2030-06-01 09:00', end: '2030-06-01 09:05', rule: 'http://h/rest-api/rule/6/', end_recurring_period: '2030-06-30 00:00' } }), 200)
    t.match(put, { title: 'put', start: '2030-06-01T09:00:00+09:00', end_recurring_period: '2030-06-30T00:00:00+09:00' })
    t.match(put.rule, /\/rest-api\/rule\/6\/$/)
    const cleared = expectStatus(await call({ method: 'PATCH', url: `/rest-api/event/${e.id}/`, as: 'manager', payload: { data: null, description: null } }), 200)
    t.match(cleared, { data: null, description: null })
  })

  t.test('validation errors name the field', async (t) => {
    const base = { title: 'x', calendar: mine.calendarId }
    const cases: [Record<string, unknown>, string][] = [
      [{ calendar: mine.calendarId }, 'title'],
      [{ title: 'x' }, 'calendar'],
      [{ ...base, calendar: other.calendarId }, 'calendar'],
      [{ ...base, calendar: 'http://h/rest-api/event/1/' }, 'calendar'],
      [{ ...base, creator: other.calendarUserId }, 'creator'],
      [{ ...base, start: 'tomorrow' }, 'start'],
      [{ ...base, start: '2030-02-30 10:00:00' }, 'start'],
      [{ ...base, start: '2030-01-01 10:00', end: '2030-01-01 09:59' }, 'end'],
      [{ ...base, start: '2030-01-01 10:00', end_recurring_period: '2029-12-31 00:00' }, 'end_recurring_period'],
      [{ ...base, timezone: 'Europe/Atlantis' }, 'timezone'],
      [{ ...base, status: '4' }, 'status'],
      [{ ...base, notify_count: -1 }, 'notify_count'],
      [{ ...base, rule: 999 }, 'rule'],
      [{ ...base, data: [1, 2] }, 'data'],
      [{ ...base, data: '{not json' }, 'data'],
    ]
    for (const [payload, field] of cases) {
      const res = await post(payload)
      t.equal(res.statusCode, 400, `${field}: ${res.body}`)
      t.ok(res.json()[field.split('.')[0]!], `${field} named: ${res.body}`)
    }
    const res = await call({ method: 'PATCH', url: `/rest-api/event/${mine.eventId}/`, as: 'manager', payload: { end: '2000-01-01 00:00' } })
    t.equal(res.statusCode, 400)
    t.ok(res.json().end)
  })

  t.test('a recurring chain: get_list_child, update_last_child_status, get_list_alarm', async (t) => {
    const root = expectStatus(await post({ title: 'chain', calendar: mine.calendarId, timezone: 'UTC', start: '2030-03-01 09:00', rule: 6 }), 201)
    const noChild = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${root.id}/get_list_child/`, as: 'manager' }), 200)
    t.same(noChild, { note: 'no child event found' }, 'as Newfies answered')
    t.same(expectStatus(await call({ method: 'GET', url: `/rest-api/event/${root.id}/get_list_alarm/`, as: 'manager' }), 200), { note: 'no child alarm found' })
    // Without children, the newest event of the chain is the root itself.
    const paused = expectStatus(await call({ method: 'PATCH', url: `/rest-api/event/${root.id}/update_last_child_status/`, as: 'manager', payload: { status: '3' } }), 200)
    t.same(paused, { status: 'event status has been updated' })
    t.equal(expectStatus(await call({ method: 'GET', url: `/rest-api/event/${root.id}/`, as: 'manager' }), 200).status, 3)
    expectStatus(await call({ method: 'PATCH', url: `/rest-api/event/${root.id}/update_last_child_status/`, as: 'manager', payload: { status: 1 } }), 200)

    const children: number[] = []
    for (const occ of [1, 2, 3]) {
      const { rows } = await pool.query(
        `insert into event (title, start, "end", timezone, creator_id, calendar_id, parent_event_id, occ_count, rule_id)
         values ('chain', $1, $2, 'UTC', $3, $4, $5, $6, 6) returning id`,
        [`2030-03-0${1 + occ} 09:00Z`, `2030-03-0${1 + occ} 10:00Z`, mine.calendarUserId, mine.calendarId, root.id, occ])
      children.push(rows[0].id)
    }
    for (const from of [root.id, children[0]]) {
      const list = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${from}/get_list_child/`, as: 'manager' }), 200)
      t.same(list.map((r: { id: number }) => r.id), children, `from ${from === root.id ? 'the root' : 'a child'}: every child, a plain list`)
      t.match(list[0], { url: `http://localhost:80/rest-api/event/${children[0]}/`, title: 'chain', start: '2030-03-02 09:00:00+00:00', end: '2030-03-02 10:00:00+00:00', status: 1, occ_count: 1 })
    }
    const child = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${children[0]}/`, as: 'manager' }), 200)
    t.equal(child.parent_event, root.url)

    expectStatus(await call({ method: 'PATCH', url: `/rest-api/event/${children[0]}/update_last_child_status/`, as: 'manager', payload: { status: '3' } }), 200)
    const { rows } = await pool.query('select id, status from event where id = any($1) order by id', [[root.id, ...children]])
    t.same(rows.map((r) => r.status), [1, 1, 1, 3], 'the newest child, whichever member was named')

    for (const payload of [{ status: '4' }, { status: 'paused' }, {}]) {
      const res = await call({ method: 'PATCH', url: `/rest-api/event/${root.id}/update_last_child_status/`, as: 'manager', payload })
      t.equal(res.statusCode, 400, JSON.stringify(payload))
      t.ok(res.json().status)
    }

    const a1 = expectStatus(await call({ method: 'POST', url: '/rest-api/alarm/', as: 'manager', payload: { event: root.id, alarm_phonenumber: '+14155550100' } }), 201)
    const a2 = expectStatus(await call({ method: 'POST', url: '/rest-api/alarm/', as: 'manager', payload: { event: root.id, method: 2, alarm_phonenumber: '+14155550100', sms_template: 'hi' } }), 201)
    expectStatus(await call({ method: 'POST', url: '/rest-api/alarm/', as: 'manager', payload: { event: children[0], alarm_phonenumber: '+14155550100' } }), 201)
    const alarms = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${root.id}/get_list_alarm/`, as: 'manager' }), 200)
    t.same(alarms.map((a: { url: string }) => a.url), [a1.url, a2.url])
    t.same(alarms[1], {
      url: a2.url, title: `${a2.id} - method:SMS - chain: March 1, 2030`, phonenumber: '+14155550100', daily_start: '00:00:00', daily_stop: '23:59:59',
      advance_notice: '0', maxretry: '0', retry_delay: '0', num_attempt: '0', method: '2', status: '1', result: '0', created_date: alarms[1].created_date,
    }, 'every value a string, as Newfies built them')
    t.match(alarms[1].created_date, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$/)
    const one = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${children[0]}/get_list_alarm/`, as: 'manager' }), 200)
    t.equal(one.title.split(' - ')[1], 'method:CALL', 'one alarm: the object itself')

    // Deleting the root deletes the chain.
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/event/${root.id}/`, as: 'manager' }), 204)
    for (const id of [root.id, ...children]) t.equal((await call({ method: 'GET', url: `/rest-api/event/${id}/`, as: 'manager' })).statusCode, 404)
    const { rows: cancelled } = await pool.query('select status from alarm where event_id = any($1)', [[root.id, ...children]])
    t.same(cancelled.map((r) => r.status), [7, 7, 7])
  })

  t.test('occurrences: the series on its wall clock, bounded, at most 1000', async (t) => {
    // Daily 09:00 in Berlin across the spring-forward of 2030-03-31.
    const daily = expectStatus(await post({ title: 'd', calendar: mine.calendarId, timezone: 'Europe/Berlin', start: '2030-03-29 09:00', rule: 6 }), 201)
    const occ = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${daily.id}/occurrences/?start=2030-03-29 00:00&end=2030-04-02 00:00`, as: 'manager' }), 200)
    t.same(occ.map((o: { start: string }) => o.start), ['2030-03-29T09:00:00+01:00', '2030-03-30T09:00:00+01:00', '2030-03-31T09:00:00+02:00', '2030-04-01T09:00:00+02:00'])
    t.equal(occ[2].end, '2030-03-31T10:00:00+02:00')
    const many = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${daily.id}/occurrences/?start=2030-01-01T00:00:00Z&end=2040-01-01T00:00:00Z`, as: 'manager' }), 200)
    t.equal(many.length, 1000)
    // COUNT across the whole series; end_recurring_period bounds it.
    const r10 = expectStatus(await post({ title: 'r10', calendar: mine.calendarId, timezone: 'UTC', start: '2030-01-07 08:00', rule: 2 }), 201)
    const ten = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${r10.id}/occurrences/?start=2030-01-01 00:00&end=2031-01-01 00:00`, as: 'manager' }), 200)
    t.equal(ten.length, 10)
    t.equal(ten[9].start, '2030-01-18T08:00:00Z')
    const bounded = expectStatus(await post({ title: 'b', calendar: mine.calendarId, timezone: 'UTC', start: '2030-01-01 08:00', rule: 6, end_recurring_period: '2030-01-03 08:00' }), 201)
    t.equal(expectStatus(await call({ method: 'GET', url: `/rest-api/event/${bounded.id}/occurrences/?start=2029-01-01 00:00&end=2031-01-01 00:00`, as: 'manager' }), 200).length, 3)
    const single = expectStatus(await call({ method: 'GET', url: `/rest-api/event/${mine.eventId}/occurrences/?start=2030-01-01 00:00&end=2031-01-01 00:00`, as: 'manager' }), 200)
    t.equal(single.length, 1, 'without a rule, the event itself')
    for (const [query, field] of [['end=2030-01-01 00:00', 'start'], ['start=2030-01-01 00:00', 'end'], ['start=2030-01-02 00:00&end=2030-01-01 00:00', 'end'], ['start=soon&end=2030-01-01 00:00', 'start']] as const) {
      const res = await call({ method: 'GET', url: `/rest-api/event/${daily.id}/occurrences/?${query}`, as: 'manager' })
      t.equal(res.statusCode, 400, query)
      t.ok(res.json()[field.split('.')[0]!], `${field} named: ${res.body}`)
    }
  })

  t.test("another manager's events are 404s; calendar users see their own", async (t) => {
    const url = `/rest-api/event/${other.eventId}/`
    const row = async () => (await pool.query('select * from event where id = $1', [other.eventId])).rows[0]
    const before = await row()
    t.equal(before.deleted_at, null)
    for (const [method, path, payload] of [
      ['GET', url, undefined], ['PATCH', url, { title: 'x' }], ['PUT', url, { title: 'x', calendar: mine.calendarId }], ['DELETE', url, undefined],
      ['GET', `${url}get_list_child/`, undefined], ['PATCH', `${url}update_last_child_status/`, { status: 3 }],
      ['GET', `${url}get_list_alarm/`, undefined], ['GET', `${url}occurrences/?start=2030-01-01 00:00&end=2031-01-01 00:00`, undefined],
    ] as const) {
      const res = await call({ method, url: path, as: 'manager', payload })
      t.equal(res.statusCode, 404, `${method} ${path}`)
      t.same(await row(), before, `${method} ${path} left the row as it was`)
    }
    const list = expectStatus(await call({ method: 'GET', url: '/rest-api/event/?page_size=1000', as: 'manager' }), 200)
    t.notOk(list.results.some((r: { id: number }) => r.id === other.eventId))
    const filtered = expectStatus(await call({ method: 'GET', url: `/rest-api/event/?calendar=${mine.calendarId}&start_from=2030-01-10 09:00&start_to=2030-01-10 09:01`, as: 'manager' }), 200)
    t.same(filtered.results.map((r: { id: number }) => r.id), [mine.eventId])
    const cu = mine.calendarUser
    const own = expectStatus(await call({ method: 'GET', url: '/rest-api/event/?page_size=1000', as: cu }), 200)
    t.ok(own.count > 0 && own.count === list.count, 'a calendar user sees the events of their calendars')
    t.equal((await call({ method: 'GET', url, as: cu })).statusCode, 404)
    const made = expectStatus(await post({ title: 'mine', calendar: mine.calendarId, start: '2030-09-01 09:00' }, cu), 201)
    t.match(made.creator, new RegExp(`/calendar-user/${mine.calendarUserId}/$`))
    t.equal((await post({ title: 'x', calendar: other.calendarId }, cu)).statusCode, 400)
    t.equal(expectStatus(await call({ method: 'GET', url, as: 'admin' }), 200).id, other.eventId)
  })
})
