// rowFromJson (src/db/row-from-json.ts) maps a row's to_jsonb() as drizzle maps the row itself: the settle's rows
// (alarm, event, attempt) read both ways are the same, timestamps with microseconds included.
import t from 'tap'
import { eq, sql } from 'drizzle-orm'
import { alarm, alarmRequest, event } from '../../src/db/schema/index.js'
import { rowFromJson } from '../../src/db/row-from-json.js'
import { startTestServer } from '../helpers/build.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query } from '../alarms/helpers.js'

t.test('a row from its to_jsonb() is the row drizzle reads', async (t) => {
  const server = await startTestServer(t, {}, { worker: false })
  const { db } = server.deps
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal)
  const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(1_800_000).toISOString(), alarm_phonenumber: '+15557610001' })
  // A timestamp with microseconds, a null timestamp, JSON data.
  await query(server, `update alarm set updated_date = '2026-03-29 01:30:00.123456+00', deleted_at = null where id = $1`, [a.id])
  const [request] = await query(server, 'insert into alarm_request (alarm_id, date, status, reason_detail) values ($1, now(), 2, $2) returning id', [a.id, 'ça va'])

  for (const [name, table, id] of [['alarm', alarm, a.id], ['event', event, ev.id], ['alarm_request', alarmRequest, request.id]] as const) {
    const [read] = await db.select().from(table).where(eq(table.id, id))
    const { rows: [json] } = await db.execute(sql`select to_jsonb(x) as row from ${table} x where x.id = ${id}`)
    t.same(rowFromJson(table, (json as { row: Record<string, unknown> }).row), read, name)
  }
  const [withDate] = await db.select().from(alarm).where(eq(alarm.id, a.id))
  t.equal(withDate!.updatedDate.toISOString(), '2026-03-29T01:30:00.123Z', 'the timestamp itself')
  t.equal(rowFromJson(alarm, null), null, 'no row (an outer join\'s missing side): null')
  t.throws(() => rowFromJson(alarm, { id: 1 }), /no column/, 'a row of another shape is refused, not half-mapped')
})
