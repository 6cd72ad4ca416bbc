import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from '../calendar/helpers.js'
import { get, login, post, SAME_ORIGIN } from './helpers.js'

t.test('cancel a waiting reminder, try a failed one again: scoped, CSRF-protected, audited', async (t) => {
  const { app, deps, call } = await buildTestApp(t)
  const pool = deps.database.pool
  const mine = await makeTenant(call, deps, 'manager')
  const other = await makeTenant(call, deps)
  const newAlarm = async () => expectStatus(await call({
    method: 'POST', url: '/rest-api/alarm/', as: 'manager', payload: { event: mine.eventId, alarm_phonenumber: '+14155550111' },
  }), 201).id as number
  const alarmRow = async (id: number) => (await pool.query('select status from alarm where id = $1', [id])).rows[0]
  const planned = async (id: number) => (await pool.query(
    `select run_at as at from graphile_worker.jobs where key = $1 union all select due_at from alarm_schedule where alarm_id = $2`, [`alarm:${id}`, id])).rows
  const audit = async () => (await pool.query('select username, action, target_type, target_id, detail from admin_audit order by id')).rows
  const manager = await login(app, 'manager')
  const eventPage = `/admin/events/${mine.eventId}`

  t.test('cancel', async (t) => {
    const id = await newAlarm()
    t.equal((await planned(id)).length, 1, 'planned before')
    const page = await get(app, manager, eventPage)
    t.match(page.body, new RegExp(`<form class="inline" method="post" action="/admin/alarms/${id}/cancel">`))
    t.notMatch(page.body, new RegExp(`/admin/alarms/${id}/try-now`), 'a waiting reminder cannot be "tried again"')
    const res = await post(app, manager, `/admin/alarms/${id}/cancel`, { back: eventPage })
    t.equal(res.statusCode, 303)
    t.equal(res.headers.location, `${eventPage}?notice=cancelled`)
    t.equal((await alarmRow(id)).status, 7)
    t.same(await planned(id), [], 'its plan is gone')
    t.match(await audit(), [{ username: 'manager', action: 'alarm.cancel', target_type: 'alarm', target_id: String(id), detail: { previous_status: 1, event_id: mine.eventId } }])
    t.match((await get(app, manager, `${eventPage}?notice=cancelled`)).body, /The reminder was cancelled/)

    const again = await post(app, manager, `/admin/alarms/${id}/cancel`, { back: eventPage })
    t.equal(again.statusCode, 409, 'nothing left to cancel')
    t.match(again.body, /no longer waiting/)
    t.equal((await audit()).length, 1, 'a refused action is not audited')
  })

  t.test('try again now', async (t) => {
    const id = await newAlarm()
    const early = await post(app, manager, `/admin/alarms/${id}/try-now`, {})
    t.equal(early.statusCode, 409, 'not for a reminder still waiting for its first attempt')
    await pool.query('update alarm set status = 3, num_attempt = 1 where id = $1', [id])
    await pool.query(`delete from alarm_schedule where alarm_id = $1`, [id])
    t.match((await get(app, manager, eventPage)).body, new RegExp(`action="/admin/alarms/${id}/try-now"`))
    const before = Date.now()
    const res = await post(app, manager, `/admin/alarms/${id}/try-now`, { back: 'https://evil.example/' })
    t.equal(res.statusCode, 303)
    t.equal(res.headers.location, '/admin?notice=try-now', 'back stays inside the admin UI')
    t.equal((await alarmRow(id)).status, 4, 'waiting for a retry')
    const [job] = await planned(id)
    t.ok(job && Math.abs(new Date(job.at).getTime() - before) < 60_000, 'its attempt is queued for now')
    t.match((await audit()).at(-1), { action: 'alarm.try-now', target_id: String(id), detail: { previous_status: 3 } })
  })

  t.test('refused: another manager\'s reminder, a missing token, a bad action', async (t) => {
    const theirs = expectStatus(await call({
      method: 'POST', url: '/rest-api/alarm/', as: other.manager, payload: { event: other.eventId, alarm_phonenumber: '+14155550999' },
    }), 201).id as number
    const count = (await audit()).length
    const foreign = await post(app, manager, `/admin/alarms/${theirs}/cancel`, {})
    t.equal(foreign.statusCode, 404)
    t.equal((await alarmRow(theirs)).status, 1)
    const mineId = await newAlarm()
    const noToken = await app.inject({ method: 'POST', url: `/admin/alarms/${mineId}/cancel`, headers: { cookie: manager, origin: SAME_ORIGIN }, payload: {} })
    t.equal(noToken.statusCode, 403)
    t.equal((await alarmRow(mineId)).status, 1)
    t.equal((await post(app, manager, `/admin/alarms/${mineId}/delete`, {})).statusCode, 400, 'only the listed actions')
    t.equal((await get(app, manager, `/admin/alarms/${mineId}/cancel`)).statusCode, 404, 'no change through GET')
    t.equal((await audit()).length, count)
    const cu = await login(app, mine.calendarUser)
    t.equal((await post(app, cu, `/admin/alarms/${mineId}/cancel`, {})).statusCode, 303, 'calendar users act on their own reminders, as in the API')
    t.match((await audit()).at(-1), { username: mine.calendarUser, action: 'alarm.cancel' })
  })
})
