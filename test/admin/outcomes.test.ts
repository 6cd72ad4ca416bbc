// The logs in the receptionist's words, for attempts that really happened: the worker dialled the simulator, settled
// each attempt and sent the fallback text; the pages must say what happened and why, and link only to pages that exist.
import { DateTime } from 'luxon'
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { query, requestsOf } from '../alarms/helpers.js'
import { get, login } from './helpers.js'
import { runScenario } from './scenario.js'

const rowOf = (body: string, marker: string) => {
  const rows = body.split('<tr>').filter((r) => r.includes(marker))
  if (rows.length !== 1) throw new Error(`expected one row with ${marker}, found ${rows.length}`)
  return rows[0]!
}

t.test('reminder outcomes in words', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  await server.deps.database.pool.query(`update organization set timezone = 'Europe/Berlin' where id = 1`)
  const s = await runScenario(server)
  const { app } = server
  const admin = await login(app, 'admin')
  const log = await get(app, admin, '/admin/alarm-requests')
  t.equal(log.statusCode, 200)
  const firstRequest = async (alarmId: number) => (await requestsOf(server, alarmId))[0]

  t.test('confirmed on the phone', async (t) => {
    const row = rowOf(log.body, s.numbers.confirmed)
    t.match(row, /<td>Ada Lovelace<\/td>/)
    t.match(row, new RegExp(`<a href="/admin/events/${s.events.confirmed}">Check-up</a>`))
    t.match(row, /<span class="ok">Confirmed<\/span>/)
    t.match(row, /1 of 1/)
    const r = await firstRequest(s.alarms.confirmed)
    const detail = await get(app, admin, `/admin/alarm-requests/${r.id}`)
    t.equal(detail.statusCode, 200)
    t.match(detail.body, new RegExp(`<a href="/admin/calls/${r.call_id}">The call and what the patient heard</a>`))
    const callPage = await get(app, admin, `/admin/calls/${r.call_id}`)
    t.equal(callPage.statusCode, 200)
    t.match(callPage.body, /<h1>Call to Ada Lovelace<\/h1>/)
    t.match(callPage.body, /<td>Your appointment with Dr\. Who is on Monday at 10:30\. To confirm, press 1\.[^<]*<\/td><td>Pressed 1<\/td>/,
      'the question as the patient heard it, and the key they pressed')
    t.match(callPage.body, /<td>Thank you\. Your appointment is confirmed\./, 'and what they heard then')
    t.notMatch(callPage.body, /Node|Response 1/, 'no jargon')
  })

  t.test('busy: the retry and its time, in the organization zone', async (t) => {
    const r = await firstRequest(s.alarms.busy)
    t.match(r, { status: 4, reason: 'busy' })
    t.ok(r.retry_at instanceof Date, 'the retry time is kept on the attempt')
    const at = DateTime.fromJSDate(r.retry_at, { zone: 'Europe/Berlin' })
    const clock = at.hasSame(DateTime.now().setZone('Europe/Berlin'), 'day') ? at.toFormat('HH:mm') : at.toFormat('ccc d LLL, HH:mm')
    t.match(rowOf(log.body, s.numbers.busy), new RegExp(`<span class="wait">Line busy — will retry at ${clock}</span>`))
    t.match(rowOf(log.body, s.numbers.busy), /<td>Grace Hopper<\/td>/)
  })

  t.test('do-not-contact: not called, and no link to a call that never happened', async (t) => {
    const row = rowOf(log.body, s.numbers.optedOut)
    t.match(row, /<span class="bad">Not called: number opted out<\/span>/)
    const r = await firstRequest(s.alarms.optedOut)
    t.match(r, { status: 3, reason: 'do-not-contact' })
    const detail = await get(app, admin, `/admin/alarm-requests/${r.id}`)
    const calls = [...detail.body.matchAll(/href="(\/admin\/calls\/\d+)"/g)].map((m) => m[1]!)
    for (const href of calls) t.equal((await get(app, admin, href)).statusCode, 200, `${href} exists`)
  })

  t.test('no voice line for the calendar: named, and the call that was never created is not linked', async (t) => {
    const row = rowOf(log.body, s.numbers.noLine)
    t.match(row, /<span class="bad">Not called: no voice line set up for calendar Mitte<\/span>/)
    t.match(row, /<td>Emmy Noether<\/td>/)
    const r = await firstRequest(s.alarms.noLine)
    t.match(r, { status: 3, reason: 'no-calendar-setting', reason_detail: 'calendar Mitte' })
    t.equal((await query(server, 'select count(*)::int as n from call where id = $1', [r.call_id]))[0].n, 0, 'no call row')
    const detail = await get(app, admin, `/admin/alarm-requests/${r.id}`)
    t.equal(detail.statusCode, 200)
    t.notMatch(detail.body, /href="\/admin\/calls\//)
    t.match(detail.body, /<dt>Details<\/dt><dd>no calendar setting configured for calendar Mitte<\/dd>/, 'in the API\'s words too')
  })

  t.test('no answer: given up, and the fallback text appears on the texts page', async (t) => {
    const row = rowOf(log.body, s.numbers.fallback)
    t.match(row, /<span class="bad">No answer — no more attempts<\/span>/)
    const [sms] = await query(server, 'select id, alarm_request_id from sms_message where to_number = $1', [s.numbers.fallbackText])
    t.match(row, new RegExp(`<a href="/admin/messages/${sms.id}">Fallback text sent to \\${s.numbers.fallbackText}</a>`))
    const texts = await get(app, admin, '/admin/messages')
    const textRow = rowOf(texts.body, s.numbers.fallbackText)
    t.match(textRow, /Fallback text \(the reminder could not get through\)/)
    t.match(textRow, /<span class="ok">Delivered<\/span>/)
    t.match(textRow, /<td>Kurt Gödel<\/td>/)
    t.match(textRow, /we haven&#39;t been able to reach/)
    const page = await get(app, admin, `/admin/messages/${sms.id}`)
    t.equal(page.statusCode, 200)
    t.match(page.body, new RegExp(`<a href="/admin/alarm-requests/${sms.alarm_request_id}">The reminder attempt</a>`))
  })

  t.test('an SMS reminder: delivered', async (t) => {
    t.match(rowOf(log.body, s.numbers.text), /<span class="ok">Text delivered<\/span>/)
    const texts = await get(app, admin, '/admin/messages?outcome=delivered')
    t.match(rowOf(texts.body, s.numbers.text), /Reminder text/)
    t.match(rowOf(texts.body, s.numbers.text), /Hi Lise, see you soon\./)
  })

  t.test('the appointment page gathers its reminder, attempts and texts', async (t) => {
    const page = await get(app, admin, `/admin/events/${s.events.fallback}`)
    t.equal(page.statusCode, 200)
    t.match(page.body, /<dt>Patient<\/dt><dd>Kurt Gödel<\/dd>/)
    t.match(page.body, /Failed after 1 attempt/)
    t.match(page.body, /No answer — no more attempts/)
    t.match(page.body, new RegExp(`fallback text: \\${s.numbers.fallbackText}`))
    t.match(page.body, /Fallback text \(the reminder could not get through\)/)
  })

  t.test('the overview counts them', async (t) => {
    const page = await get(app, admin, '/admin')
    t.equal(page.statusCode, 200)
    t.match(page.body, /<h3>Confirmed<\/h3><p class="big"><a href="[^"]*outcome=confirmed[^"]*">1<\/a><\/p>/)
    t.match(page.body, /<h3>Opted out<\/h3><p class="big"><a href="[^"]*">1<\/a><\/p>/)
    t.match(page.body, /Call: Not called: no voice line set up for calendar Mitte/)
    t.match(page.body, /Call: Line busy/)
    t.match(page.body, /<h3>Reminders in the next 7 days<\/h3><p class="big"><a href="#next-reminders">1<\/a>/, 'the busy one, waiting to retry')
  })
})
