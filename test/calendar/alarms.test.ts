import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { ensureSealedSurvey, expectStatus, makeTenant } from './helpers.js'

t.test('alarms', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const pool = deps.database.pool
  const other = await makeTenant(call, deps)
  const mine = await makeTenant(call, deps, 'manager')
  const post = (payload: Record<string, unknown>, as = 'manager') => call({ method: 'POST', url: '/rest-api/alarm/', as, payload })

  t.test("a call alarm: E.164 numbers in the organization's region, the setting's survey by default", async (t) => {
    const res = await post({ event: `http://127.0.0.1:8000/rest-api/event/${mine.eventId}/`, alarm_phonenumber: '(415) 555-0100', phonenumber_sms_failure: '415.555.0101', phonenumber_transfer: '+44 20 7183 8750', daily_start: '08:00', daily_stop: '21:30:00', maxretry: '2', retry_delay: 300, advance_notice: 86400, url_confirm: 'https://clinic.example.com/confirm', url_cancel: 'http://clinic.example.com/cancel' })
    const a = expectStatus(res, 201)
    t.equal(res.headers.location, a.url)
    t.match(a, {
      method: 1, alarm_phonenumber: '+14155550100', phonenumber_sms_failure: '+14155550101', phonenumber_transfer: '+442071838750',
      daily_start: '08:00:00', daily_stop: '21:30:00', maxretry: 2, retry_delay: 300, advance_notice: 86400,
      status: 1, num_attempt: 0, result: 0, timezone: 'UTC', date_start_notice: '2030-01-10T09:00:00Z',
      url_confirm: 'https://clinic.example.com/confirm',
    })
    t.match(a.survey, new RegExp(`/rest-api/sealed-survey/${mine.surveyId}/$`), "the calendar setting's survey")
    t.match(a.event, new RegExp(`/rest-api/event/${mine.eventId}/$`))
    // The organization's region reads national numbers.
    await pool.query("update organization set default_region = 'GB' where id = 1")
    const uk = expectStatus(await post({ event: mine.eventId, alarm_phonenumber: '020 7183 8750' }), 201)
    t.equal(uk.alarm_phonenumber, '+442071838750')
    await pool.query("update organization set default_region = 'US' where id = 1")
  })

  t.test("date_start_notice without an offset is read in the event's zone; the callee may have another zone", async (t) => {
    const ev = expectStatus(await call({ method: 'POST', url: '/rest-api/event/', as: 'manager', payload: { title: 'b', calendar: mine.calendarId, timezone: 'Europe/Berlin', start: '2030-07-02 10:00' } }), 201)
    const a = expectStatus(await post({ event: ev.id, alarm_phonenumber: '+14155550100', date_start_notice: '2030-07-01 18:00:00', timezone: 'America/Los_Angeles' }), 201)
    t.match(a, { date_start_notice: '2030-07-01T18:00:00+02:00', timezone: 'America/Los_Angeles' })
    const { rows } = await pool.query('select date_start_notice from alarm where id = $1', [a.id])
    t.equal(rows[0].date_start_notice.toISOString(), '2030-07-01T16:00:00.000Z')
    const inherits = expectStatus(await post({ event: ev.id, alarm_phonenumber: '+14155550100' }), 201)
    t.match(inherits, { timezone: 'Europe/Berlin', date_start_notice: '2030-07-02T10:00:00+02:00' })
  })

  t.test('SMS and e-mail alarms; status, num_attempt and result are read-only', async (t) => {
    const sms = expectStatus(await post({ event: mine.eventId, method: '2', alarm_phonenumber: '+14155550100', sms_template: 'See you tomorrow', status: 5, num_attempt: 3, result: 1 }), 201)
    t.match(sms, { method: 2, sms_template: 'See you tomorrow', status: 1, num_attempt: 0, result: 0 })
    const mail = expectStatus(await post({ event: mine.eventId, method: 3, alarm_email: ' ann@example.com ', mail_subject: 'Reminder', mail_text: 'Tomorrow 9:00' }), 201)
    t.match(mail, { method: 3, alarm_email: 'ann@example.com', mail_subject: 'Reminder', alarm_phonenumber: null })
    const patched = expectStatus(await call({ method: 'PATCH', url: `/rest-api/alarm/${sms.id}/`, as: 'manager', payload: { sms_template: 'Changed', status: 5, result: 2 } }), 200)
    t.match(patched, { sms_template: 'Changed', status: 1, result: 0 })
    const put = expectStatus(await call({ method: 'PUT', url: `/rest-api/alarm/${sms.id}/`, as: 'manager', payload: { event: mine.eventId, method: 1, alarm_phonenumber: '+14155550199' } }), 200)
    t.match(put, { method: 1, alarm_phonenumber: '+14155550199' })
  })

  t.test('validation per method and per field, naming the fields', async (t) => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ alarm_phonenumber: '+14155550100' }, ['event']],
      [{ event: mine.eventId }, ['alarm_phonenumber']],
      [{ event: mine.eventId, method: 2 }, ['alarm_phonenumber', 'sms_template']],
      [{ event: mine.eventId, method: 3 }, ['alarm_email', 'mail_subject', 'mail_text']],
      [{ event: mine.eventId, method: 3, alarm_email: 'nope', mail_subject: 's', mail_text: 't' }, ['alarm_email']],
      [{ event: mine.eventId, method: 4, alarm_phonenumber: '+14155550100' }, ['method']],
      [{ event: mine.eventId, alarm_phonenumber: '12' }, ['alarm_phonenumber']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', phonenumber_sms_failure: 'call me' }, ['phonenumber_sms_failure']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', survey: null }, ['survey']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', survey: other.surveyId }, ['survey']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', daily_start: '25:00' }, ['daily_start']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', daily_stop: '9am' }, ['daily_stop']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', url_confirm: 'ftp://example.com/x' }, ['url_confirm']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', url_cancel: 'not a url' }, ['url_cancel']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', maxretry: -1 }, ['maxretry']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', retry_delay: 'soon' }, ['retry_delay']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', date_start_notice: '10/01/2030' }, ['date_start_notice']],
      [{ event: mine.eventId, alarm_phonenumber: '+14155550100', timezone: 'Moon/Base' }, ['timezone']],
      [{ event: other.eventId, alarm_phonenumber: '+14155550100' }, ['event']],
    ]
    for (const [payload, fields] of cases) {
      const res = await post(payload)
      t.equal(res.statusCode, 400, `${fields}: ${res.body}`)
      t.same(Object.keys(res.json().error.fields ?? {}).sort(), [...fields].sort(), `${fields} named: ${res.body}`)
    }
    const a = expectStatus(await post({ event: mine.eventId, alarm_phonenumber: '+14155550100' }), 201)
    const res = await call({ method: 'PATCH', url: `/rest-api/alarm/${a.id}/`, as: 'manager', payload: { method: 2 } })
    t.equal(res.statusCode, 400, 'switching to SMS needs the text')
    t.ok(res.json().error.fields.sms_template)
  })

  t.test("a shared survey or the manager's own; an admin may use any", async () => {
    const shared = await ensureSealedSurvey(deps, { userId: null, name: 'shared' })
    expectStatus(await post({ event: mine.eventId, alarm_phonenumber: '+14155550100', survey: `http://h/rest-api/sealed-survey/${shared}/` }), 201)
    expectStatus(await post({ event: mine.eventId, alarm_phonenumber: '+14155550100', survey: other.surveyId }, 'admin'), 201)
  })

  t.test("another manager's alarms are 404s; calendar users see their own", async (t) => {
    const theirs = expectStatus(await post({ event: other.eventId, alarm_phonenumber: '+14155550100' }, other.manager), 201)
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
      const res = await call({ method, url: `/rest-api/alarm/${theirs.id}/`, as: 'manager', payload: method === 'PATCH' || method === 'PUT' ? { event: mine.eventId, alarm_phonenumber: '+14155550100' } : undefined })
      t.equal(res.statusCode, 404, method)
    }
    const list = expectStatus(await call({ method: 'GET', url: '/rest-api/alarm/?page_size=1000', as: 'manager' }), 200)
    t.ok(list.count > 0)
    t.notOk(list.results.some((r: { id: number }) => r.id === theirs.id))
    const byEvent = expectStatus(await call({ method: 'GET', url: `/rest-api/alarm/?event=${mine.eventId}&method=3`, as: 'manager' }), 200)
    t.ok(byEvent.results.every((r: { method: number }) => r.method === 3) && byEvent.count === 1)
    const cu = expectStatus(await call({ method: 'GET', url: '/rest-api/alarm/?page_size=1000', as: mine.calendarUser }), 200)
    t.equal(cu.count, list.count)
    t.equal((await call({ method: 'GET', url: `/rest-api/alarm/${theirs.id}/`, as: mine.calendarUser })).statusCode, 404)
    expectStatus(await post({ event: mine.eventId, alarm_phonenumber: '+14155550100' }, mine.calendarUser), 201)
    expectStatus(await call({ method: 'GET', url: `/rest-api/alarm/${theirs.id}/`, as: 'admin' }), 200)
  })

  t.test('delete: hidden, cancelled, its attempts readable', async (t) => {
    const a = expectStatus(await post({ event: mine.eventId, alarm_phonenumber: '+14155550100' }), 201)
    await pool.query('insert into alarm_request (alarm_id, status, duration) values ($1, 4, 0), ($1, 1, 0)', [a.id])
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/alarm/${a.id}/`, as: 'manager' }), 204)
    t.equal((await call({ method: 'GET', url: `/rest-api/alarm/${a.id}/`, as: 'manager' })).statusCode, 404)
    t.equal((await call({ method: 'DELETE', url: `/rest-api/alarm/${a.id}/`, as: 'manager' })).statusCode, 404)
    const { rows } = await pool.query('select status from alarm where id = $1', [a.id])
    t.equal(rows[0].status, 7)
    const log = expectStatus(await call({ method: 'GET', url: `/rest-api/alarm-request/?alarm=${a.id}`, as: 'manager' }), 200)
    t.same(log.results.map((r: { status: number }) => r.status), [4, 7])
  })
})
