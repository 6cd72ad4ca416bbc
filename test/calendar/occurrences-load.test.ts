// Issue 12 finding 3 through the API: a SECONDLY rule's occurrences 4 days after the series start took 9.9 s, with
// /healthz waiting 9.6 s behind it (about 2.5 s per day of offset; minutes for a year).
import t from 'tap'
import { buildTestApp, type TestApp } from '../helpers/build.js'
import { expectStatus } from './helpers.js'

const DAY = 86_400_000

async function eventWithRule(call: TestApp['call'], rrule: string): Promise<number> {
  const rule = expectStatus(await call({ method: 'POST', url: '/rest-api/rule/', as: 'manager', payload: { name: rrule, rrule } }), 201)
  const cu = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar-user/', as: 'manager', payload: { username: `cu_${rule.id}`, password: `cu_${rule.id}` } }), 201)
  const cal = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar/', as: 'manager', payload: { name: 'c', user: cu.id } }), 201)
  const ev = expectStatus(await call({
    method: 'POST', url: '/rest-api/event/', as: 'manager',
    payload: { title: 'tick', calendar: cal.id, start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:00:01Z', timezone: 'Europe/Berlin', rule: rule.id },
  }), 201)
  return ev.id
}

const window = (from: number, seconds: number) =>
  `start=${encodeURIComponent(new Date(from).toISOString())}&end=${encodeURIComponent(new Date(from + seconds * 1000).toISOString())}`

t.test('occurrences far from the series start', async (t) => {
  const { app, call } = await buildTestApp(t, { RECURRENCE_MAX_STEPS: '500000' })
  const start = Date.parse('2025-01-01T00:00:00Z')

  t.test('SECONDLY, 4 days and a year on: the exact seconds', async (t) => {
    const id = await eventWithRule(call, 'FREQ=SECONDLY')
    for (const from of [start + 4 * DAY, Date.parse('2026-01-01T12:00:00Z')]) {
      const res = await call({ method: 'GET', url: `/rest-api/event/${id}/occurrences/?${window(from, 3)}`, as: 'manager' })
      t.equal(res.statusCode, 200, res.body)
      t.same(res.json().map((o: { start: string }) => Date.parse(o.start)), [from, from + 1000, from + 2000])
    }
  })

  t.test('a rule that would need more steps than RECURRENCE_MAX_STEPS is a 400 naming the field', async (t) => {
    const id = await eventWithRule(call, 'FREQ=SECONDLY;BYSECOND=0,30')
    const res = await call({ method: 'GET', url: `/rest-api/event/${id}/occurrences/?${window(Date.parse('2026-01-01T00:00:00Z'), 60)}`, as: 'manager' })
    t.equal(res.statusCode, 400)
    t.match(res.json().error.fields.start, /more than 500000 occurrences of this rule/)
    const near = await call({ method: 'GET', url: `/rest-api/event/${id}/occurrences/?${window(start + 3600_000, 60)}`, as: 'manager' })
    t.equal(near.json().length, 2, 'nearer the start it is answered')
  })

  t.test('/healthz answers while occurrences are being computed', async (t) => {
    // ~360,000 steps from the series start: allowed, and seconds of work — done on the recurrence thread. (Before,
    // it ran on the event loop, and /healthz, asked once the computation was under way, waited for it.)
    const id = await eventWithRule(call, 'FREQ=MINUTELY;BYSECOND=0')
    const finished: string[] = []
    const heavy = call({ method: 'GET', url: `/rest-api/event/${id}/occurrences/?${window(start + 250 * DAY, 120)}`, as: 'manager' })
      .then((res) => { finished.push('occurrences'); return res })
    await new Promise((resolve) => setTimeout(resolve, 500))
    const health = await app.inject({ method: 'GET', url: '/healthz' })
    finished.push('healthz')
    t.equal(health.statusCode, 200)
    const res = await heavy
    t.equal(res.statusCode, 200, res.body)
    t.equal(res.json().length, 2)
    t.same(finished, ['healthz', 'occurrences'], 'the event loop was free')
  })
})
