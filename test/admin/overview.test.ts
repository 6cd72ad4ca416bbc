import { DateTime } from 'luxon'
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { expectStatus, makeTenant } from '../calendar/helpers.js'
import { get, login } from './helpers.js'

const card = (body: string, title: string) => {
  const m = new RegExp(`<h3>${title}</h3><p class="big"><a href="[^"]*">(\\d+)</a></p>`).exec(body)
  if (!m) throw new Error(`no card "${title}"`)
  return Number(m[1])
}

t.test('overview: what is coming up and how reminders went', async (t) => {
  const { app, deps, call } = await buildTestApp(t)
  const pool = deps.database.pool
  const zone = 'Asia/Kolkata'
  await pool.query(`update organization set timezone = $1 where id = 1`, [zone])
  const mine = await makeTenant(call, deps, 'manager')
  const other = await makeTenant(call, deps)
  const calendarName = (await pool.query('select name from calendar where id = $1', [mine.calendarId])).rows[0].name as string
  const newAlarm = async (as: string, event: number, extra: Record<string, unknown> = {}) => expectStatus(await call({
    method: 'POST', url: '/rest-api/alarm/', as, payload: { event, alarm_phonenumber: '+14155550111', ...extra },
  }), 201).id as number
  const a1 = await newAlarm('manager', mine.eventId, { maxretry: 3 })
  const a2 = await newAlarm('manager', mine.eventId, { method: 2, sms_template: 'Hi' })
  const theirs = await newAlarm(other.manager, other.eventId)
  const now = Date.now()
  const ago = (ms: number) => new Date(now - ms)
  const HOUR = 3600_000
  const callRow = async (result: number) => (await pool.query(
    `insert into call (organization_id, user_id, gateway_id, sealed_survey_id, from_number, to_number, status, callstatus, result)
     values (1, $1, 1, $2, '+1', '+14155550111', 'completed', 4, $3) returning id`, [mine.managerId, mine.surveyId, result])).rows[0].id as number
  const attempt = (alarm: number, status: number, at: Date, reason: string | null, callId: number | null = null) => pool.query(
    'insert into alarm_request (alarm_id, date, status, reason, call_id) values ($1, $2, $3, $4, $5)', [alarm, at, status, reason, callId])
  // The last 7 days: a confirmed call, a call not answered (then retried), a busy one given up, a delivered text.
  const confirmedAt = ago(2 * HOUR)
  await attempt(a1, 5, confirmedAt, null, await callRow(1))
  await attempt(a1, 4, ago(26 * HOUR), 'no-answer')
  await attempt(a1, 3, ago(3 * 24 * HOUR), 'busy')
  await attempt(a2, 5, ago(4 * 24 * HOUR), null)
  // Only in the last 30 days: a call that could not start, and an opted-out number.
  await attempt(a1, 3, ago(20 * 24 * HOUR), 'no-calendar-setting')
  await attempt(a1, 3, ago(21 * 24 * HOUR), 'do-not-contact')
  // Another manager's, and one older than 30 days.
  await attempt(theirs, 3, ago(HOUR), 'no-answer')
  await attempt(a1, 3, ago(40 * 24 * HOUR), 'no-answer')
  // Planned: one attempt in two days (alarm_schedule), one queued within minutes (a job), one beyond the week.
  await pool.query('update alarm_schedule set due_at = $1 where alarm_id = $2', [new Date(now + 2 * 24 * HOUR), a2])
  const soon = await newAlarm('manager', mine.eventId, { date_start_notice: new Date(now + 5 * 60_000).toISOString() })
  const far = await newAlarm('manager', mine.eventId)
  t.ok((await pool.query(`select 1 from graphile_worker.jobs where key = $1`, [`alarm:${soon}`])).rows.length === 1, 'the near one is a job')
  t.ok((await pool.query(`select 1 from alarm_schedule where alarm_id = $1 and due_at > now() + interval '8 days'`, [far])).rows.length === 1)
  const soonIsToday = DateTime.fromMillis(now + 5 * 60_000, { zone }).hasSame(DateTime.fromMillis(now, { zone }), 'day')

  const manager = await login(app, 'manager')
  const admin = await login(app, 'admin')

  t.test('the last 7 days', async (t) => {
    const res = await get(app, manager, '/admin')
    t.equal(res.statusCode, 200)
    const body = res.body
    t.match(body, /Times are in Asia\/Kolkata\./)
    t.equal(card(body, 'Attempts'), 4)
    t.equal(card(body, 'Patients reached'), 2)
    t.equal(card(body, 'Confirmed'), 1)
    t.equal(card(body, 'Not reached in the end'), 1, 'the busy one that gave up')
    t.equal(card(body, 'Opted out'), 0)
    t.match(body, /<desc id="reach-7-desc">Calls: 33% \(1 of 3\); Texts: 100% \(1 of 1\)<\/desc>/)
    t.match(body, /<desc id="confirm-7-desc">Calls: 33% \(1 of 3\); Texts: 0% \(0 of 1\)<\/desc>/)
    t.match(body, /<desc id="attempt-7-desc">1st attempt: 100% \(2 of 2\); 2nd attempt: 0% \(0 of 1\); 3rd attempt: 0% \(0 of 1\)<\/desc>/,
      'attempts are numbered in the order they were made')
    const hour = DateTime.fromJSDate(confirmedAt, { zone }).toFormat('HH')
    t.match(body, new RegExp(`<desc id="hour-7-desc">[^<]*${hour}: 1 reached`), 'by hour of day, in the organization zone')
    t.match(body, /<desc id="reasons-7-desc">Call: No answer: 1; Call: Line busy: 1<\/desc>|<desc id="reasons-7-desc">Call: Line busy: 1; Call: No answer: 1<\/desc>/)
    t.match(body, /<svg viewBox="[^"]+" width="\d+" height="\d+" role="img" aria-labelledby="reach-7-title reach-7-desc">/)
    t.match(body, /<a href="\/admin\/alarm-requests\?outcome=confirmed&amp;date_from=\d{4}-\d{2}-\d{2}">1<\/a>/, 'figures link to the log')
  })

  t.test('the last 30 days', async (t) => {
    const body = (await get(app, manager, '/admin?days=30')).body
    t.equal(card(body, 'Attempts'), 6)
    t.equal(card(body, 'Opted out'), 1)
    t.equal(card(body, 'Not reached in the end'), 2, 'busy and not-called; opted out counts on its own')
    t.match(body, new RegExp(`Call: Not called: no voice line set up for calendar ${calendarName}: 1`))
    t.match(body, /<strong aria-current="true">the last 30 days<\/strong>/)
    t.equal(card((await get(app, manager, '/admin?days=abc')).body, 'Attempts'), 4, 'an unknown period is the default one')
  })

  t.test('coming up', async (t) => {
    const body = (await get(app, manager, '/admin')).body
    t.equal(card(body, 'Reminders in the next 7 days'), 2, 'the queued one and the one in alarm_schedule')
    t.equal(card(body, 'Reminders due today'), soonIsToday ? 1 : 0)
    t.match(body, new RegExp(`<a href="/admin/events/${mine.eventId}">`))
  })

  t.test('scoped', async (t) => {
    const body = (await get(app, admin, '/admin')).body
    t.equal(card(body, 'Attempts'), 5, "the admin sees the other manager's attempt too")
    const theirsPage = (await get(app, await login(app, other.manager), '/admin')).body
    t.equal(card(theirsPage, 'Attempts'), 1)
    t.equal(card(theirsPage, 'Reminders in the next 7 days'), 0)
  })
})
