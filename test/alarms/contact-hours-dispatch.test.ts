// Contact hours at work (README "Contact hours"): a scheduled call or text waits for the callee's contact hours on
// their own clock — never dropped — and is skipped with a reason only when they leave no moment before the event.
// The clinic is in Berlin, the callee in New York, and the server runs with TZ unset or Pacific/Auckland.
import { DateTime } from 'luxon'
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { settleAttempt } from '../../src/alarms/settle/settle.js'
import { alarmRow, makeAlarm, makeCalendar, makeEvent, plannedAt, query, requestsOf, runAlarmJobAt, settled } from './helpers.js'

const NY = 'America/New_York'

t.test('contact hours', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const org = await server.call({
    method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin',
    payload: { timezone: 'Europe/Berlin', contact_hours_start: '08:00', contact_hours_end: '21:00' },
  })
  t.equal(org.statusCode, 200, org.body)
  t.match(org.json(), { contact_hours_start: '08:00', contact_hours_end: '21:00' })
  const cal = await makeCalendar(server)
  const { state } = server.simulator
  // 23:00 in New York (05:00 in Berlin) two nights from now, and 08:00 New York time the morning after.
  const night = DateTime.now().setZone(NY).plus({ days: 2 }).set({ hour: 23, minute: 0, second: 0, millisecond: 0 })
  const morning = night.plus({ days: 1 }).set({ hour: 8 })
  const eventAt = (start: DateTime) => ({ start: start.toUTC().toISO(), end: start.plus({ hours: 1 }).toUTC().toISO() })

  t.test('an alarm due at 23:00 on the callee\'s clock is placed at 08:00 there', async (t) => {
    const number = '+15557700001'
    state.setNumber(number, { behavior: 'answer', presses: ['1'] })
    const ev = await makeEvent(server, cal, eventAt(night.plus({ days: 2 })))
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: night.toUTC().toISO(), alarm_phonenumber: number, timezone: NY })
    t.same(await plannedAt(server, a.id), night.toJSDate(), 'planned for 23:00 (its own window is the whole day)')
    await runAlarmJobAt(server, a.id, night.toJSDate())
    t.same(await plannedAt(server, a.id), morning.toJSDate(), 'deferred to 08:00 New York time')
    t.equal(morning.toUTC().hour, morning.offset === -240 ? 12 : 13)
    t.same(await requestsOf(server, a.id), [], 'no attempt made at night')
    t.match(await alarmRow(server, a.id), { status: 1, num_attempt: 0 })
    t.equal(state.calls({ to: number }).length, 0)

    await runAlarmJobAt(server, a.id, morning.toJSDate(), morning.toJSDate())
    t.match(await settled(server, a.id), { status: 5, result: 1, num_attempt: 1 }, 'called in the morning, not expired')
    t.equal(state.calls({ to: number }).length, 1)
  })

  t.test('the alarm\'s own window narrows the contact hours', async (t) => {
    const ev = await makeEvent(server, cal, eventAt(night.plus({ days: 2 })))
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: night.toUTC().toISO(), alarm_phonenumber: '+15557700011', timezone: NY, daily_start: '06:00:00', daily_stop: '09:00:00',
    })
    const six = morning.set({ hour: 6 })
    t.same(await plannedAt(server, a.id), six.toJSDate(), 'its window opens at 06:00')
    await runAlarmJobAt(server, a.id, six.toJSDate())
    t.same(await plannedAt(server, a.id), morning.toJSDate(), 'contact hours open at 08:00, inside its window')
  })

  t.test('a retry waits for the contact hours too', async (t) => {
    const ev = await makeEvent(server, cal, eventAt(night.plus({ days: 2 })))
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: morning.plus({ days: 1 }).toUTC().toISO(), alarm_phonenumber: '+15557700021', timezone: NY })
    await query(server, 'update alarm set status = 4, num_attempt = 1 where id = $1', [a.id])
    await runAlarmJobAt(server, a.id, night.toJSDate())
    t.same(await plannedAt(server, a.id), morning.toJSDate(), 'the retry due at 23:00 goes at 08:00')
    t.match(await alarmRow(server, a.id), { status: 4, num_attempt: 1 })
  })

  t.test('a retry after a failure at night is planned for the morning', async (t) => {
    const ev = await makeEvent(server, cal, eventAt(night.plus({ days: 2 })))
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: morning.plus({ days: 1 }).toUTC().toISO(), alarm_phonenumber: '+15557700025', timezone: NY, maxretry: 2, retry_delay: 600,
    })
    // An attempt under way, failing busy at 22:55 New York time: retry_delay would put the retry at 23:05.
    const failedAt = night.minus({ minutes: 5 }).toJSDate()
    await query(server, 'update alarm set status = 2, num_attempt = 1 where id = $1', [a.id])
    const [request] = await query(server, 'insert into alarm_request (alarm_id, date, status) values ($1, $2, 2) returning id', [a.id, failedAt])
    await server.deps.db.transaction((tx) => settleAttempt(tx, server.deps, request.id, { success: false, retryable: true, code: 'busy', reason: '' }, failedAt))
    t.match((await requestsOf(server, a.id))[0], { status: 4, reason: 'busy' })
    t.same((await requestsOf(server, a.id))[0].retry_at, morning.toJSDate(), 'retry_at is 08:00 New York time')
    t.same(await plannedAt(server, a.id), morning.toJSDate())
  })

  t.test('deferred past the event: skipped, with the reason', async (t) => {
    const ev = await makeEvent(server, cal, eventAt(night.plus({ hours: 3 })))
    const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: night.toUTC().toISO(), alarm_phonenumber: '+15557700031', timezone: NY })
    await runAlarmJobAt(server, a.id, night.minus({ hours: 1 }).toJSDate(), night.toJSDate())
    t.same(await requestsOf(server, a.id), [], 'a job run early decides nothing yet')
    t.same(await plannedAt(server, a.id), night.toJSDate(), 'it waits for its due time')
    await runAlarmJobAt(server, a.id, night.toJSDate())
    t.match(await alarmRow(server, a.id), { status: 3, num_attempt: 1 })
    t.match(await requestsOf(server, a.id), [{ status: 3, reason: 'outside-contact-hours', reason_detail: /08:00–21:00 in America\/New_York: the next opening, .* is not before the event/ }])
    const shown = await server.call({ method: 'GET', url: `/rest-api/alarm/${a.id}/`, as: cal.manager })
    t.match(shown.json().failure_reason, /^contact hours leave no time before the event: /)
    t.equal(state.calls({ to: '+15557700031' }).length, 0, 'nobody woken at night')
  })

  t.test('the failure text waits for the contact hours', async (t) => {
    // Contact hours that open two hours from now (UTC here, the alarm's zone) for an hour.
    const opens = DateTime.utc().plus({ hours: 2 }).startOf('minute')
    const fmt = (d: DateTime) => d.toFormat('HH:mm')
    const set = await server.call({
      method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin',
      payload: { contact_hours_start: fmt(opens), contact_hours_end: fmt(opens.plus({ hours: 1 })) },
    })
    t.equal(set.statusCode, 200)
    t.teardown(async () => {
      await server.call({ method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin', payload: { contact_hours_start: '08:00', contact_hours_end: '21:00' } })
    })
    state.setNumber('+15557700041', { behavior: 'fail' })
    const ev = await makeEvent(server, cal, eventAt(opens.plus({ hours: 5 })))
    const a = await makeAlarm(server, cal, {
      event: ev.id, date_start_notice: opens.toISO(), alarm_phonenumber: '+15557700041', timezone: 'UTC', phonenumber_sms_failure: '+15557700042',
    })
    // The call goes out inside the hours (run at their opening); it fails now, outside them: the text waits.
    await runAlarmJobAt(server, a.id, opens.plus({ minutes: 1 }).toJSDate())
    t.match(await settled(server, a.id), { status: 3 })
    const [sms] = await eventually(async () => {
      const rows = await query(server, 'select * from sms_message where to_number = $1', ['+15557700042'])
      return rows.length > 0 ? rows : null
    })
    const [job] = await query(server, 'select run_at from graphile_worker.jobs where key = $1', [`send-sms:${sms.id}`])
    t.same(job?.run_at, opens.toJSDate(), 'queued for the opening')
    t.equal(state.messages({ to: '+15557700042' }).length, 0, 'not sent yet')
  })

  t.test('a one-off call request goes at once, and says when it is outside the callee\'s contact hours', async (t) => {
    // Germany keeps one clock: the callee's zone is Berlin's whatever the organization's.
    await server.call({ method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin', payload: { timezone: 'Pacific/Auckland', contact_hours_start: '00:00', contact_hours_end: '00:01' } })
    const res = await server.call({
      method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
      payload: { phone_number: '+4915120000099', survey: 1, gateway: 1, callerid: '+15550000001', data: { first_name: 'Ada', clinic: 'X', doctor: 'Y', appointment_date: 'Monday', appointment_time: '10:30' } },
    })
    t.equal(res.statusCode, 201, res.body)
    const body = res.json()
    const now = DateTime.now().setZone('Europe/Berlin')
    const inside = now.hour === 0 && now.minute === 0
    t.match(body.contact_hours, { timezone: 'Europe/Berlin', start: '00:00', end: '00:01', within: inside })
    if (!inside) t.equal(DateTime.fromISO(body.contact_hours.next_opening).setZone('Europe/Berlin').toFormat('HH:mm'), '00:00')
    await eventually(async () => state.calls({ to: '+4915120000099' }).length === 1 || null, 20_000)
    const back = await server.call({ method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin', payload: { contact_hours_start: '08:00', contact_hours_end: '21:00' } })
    t.equal(back.statusCode, 200)
  })

  t.test('the organization\'s contact hours are checked', async (t) => {
    for (const [payload, field] of [
      [{ contact_hours_start: '8:00' }, 'contact_hours_start'], [{ contact_hours_end: '24:01' }, 'contact_hours_end'],
      [{ contact_hours_start: '24:00' }, 'contact_hours_start'], [{ contact_hours_start: '09:00', contact_hours_end: '09:00' }, 'contact_hours_end'],
    ] as const) {
      const res = await server.call({ method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin', payload })
      t.equal(res.statusCode, 400, JSON.stringify(payload))
      t.ok(res.json().error.fields?.[field], `${field} named`)
    }
    const always = await server.call({ method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin', payload: { contact_hours_start: '00:00', contact_hours_end: '24:00' } })
    t.match(always.json(), { contact_hours_start: '00:00', contact_hours_end: '24:00' })
  })
})
