import { Writable } from 'node:stream'
import t from 'tap'
import { createLogger } from '../../src/logger.js'
import { buildTestApp } from '../helpers/build.js'
import { createManager, createOrganization } from '../crm/helpers.js'
import { malformedRequest, operationsOf, prng, type FuzzRequest } from './generate.js'

/**
 * Every operation in /docs/json gets malformed requests (wrong types, huge numbers, NUL bytes,
 * overlong strings, impossible dates, garbage and empty bodies, bad path parameters, JSON / form /
 * multipart encodings), sent as the admin and as a manager of a second organization. None may be
 * answered 5xx, and none may get past the schemas and services to be refused only by PostgreSQL.
 * `FUZZ_CASES` requests per operation and role (8 in the suite, 100 with `npm run fuzz`);
 * `FUZZ_SEED` changes or replays a run.
 */
// `npm run fuzz` sets FUZZ_CASES itself: npm's own marker (npm_lifecycle_event) does not reach this process, as
// test/run.ts starts tap through npx, which sets it to "npx".
const CASES = Number(process.env.FUZZ_CASES ?? 8)
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_601)

interface Failure {
  role: string
  request: FuzzRequest
  status: number
  body: string
}

/** Warnings and errors the app logs, to tell which requests only PostgreSQL refused. */
function logWatcher() {
  const entries: { msg?: string; err?: { message?: string } }[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) entries.push(JSON.parse(line))
      done()
    },
  })
  return { logger: createLogger('warn', stream), entries }
}

t.test('no malformed request to any documented operation is answered 5xx', async (t) => {
  const watcher = logWatcher()
  const { app, call, deps } = await buildTestApp(t, {}, { logger: watcher.logger })
  const org = await createOrganization(call, { name: 'Fuzz B' })
  const other = await createManager(call, 'fuzzb', org)
  // Owning a rule makes the second manager undeletable (409), so the fuzz cannot delete its own credentials.
  const owned = await call({ method: 'POST', url: '/rest-api/rule/', as: 'fuzzb', payload: { name: 'Fuzz', frequency: 'DAILY', params: 'count:2' } })
  t.equal(owned.statusCode, 201, owned.body)
  const tokens = {
    admin: (await call({ method: 'POST', url: '/rest-api/token/', as: 'admin' })).json().token as string,
    'manager of another organization': (await call({ method: 'POST', url: '/rest-api/token/', as: 'fuzzb' })).json().token as string,
  }
  // Objects to aim valid-looking path parameters at, so handlers get past "not found": by parameter name, or for one
  // resource by its path up to the parameter (a contact type's {uuid} is not an appointment's).
  const created = async (url: string, payload: object, as = 'admin') => {
    const res = await call({ method: 'POST', url, as, payload })
    t.equal(res.statusCode, 201, `fixture ${url}: ${res.body}`)
    return res.json()
  }
  const contact = await created('/contact/', { first_name: 'Fuzz', workflowlevel1_uuids: [] })
  // No contact: an appointment whose contact has no phone number is refused (its reminders could not reach them).
  const appointment = await created('/appointment/', { name: 'Fuzz', type: ['visit'], start_date: '2030-06-01T10:00:00Z', end_date: '2030-06-01T11:00:00Z' })
  const contactType = await created('/contacttype/', { name: 'Fuzz' })
  const drivingTime = await created('/appointmentdrivingtimes/', { appointment: String(appointment.id), distance: '2.50', time: 3 })
  const optedOut = await created('/rest-api/do-not-contact/', { phone_number: '+15557990001', reason: 'fuzz' })
  const plans = (await call({ method: 'GET', url: '/reminderplans/', as: 'admin' })).json()
  const plan = (plans.results ?? plans)[0]
  t.ok(plan?.uuid, 'a reminder plan to aim at')
  const home = (await call({ method: 'GET', url: '/rest-api/organization/1/', as: 'admin' })).json()
  const ids: Record<string, string[]> = {
    id: ['1', '2', '3', String(org.id)],
    user_id: ['1', '2', String(other.id)],
    uuid: [appointment.uuid, org.uuid],
    organization: [home.uuid, org.uuid],
    '/appointment/{uuid}': [appointment.uuid],
    '/contact/{id}': [String(contact.id)],
    '/contacttype/{uuid}': [contactType.uuid],
    '/appointmentdrivingtimes/{uuid}': [drivingTime.uuid],
    '/reminderplans/{uuid}': [plan.uuid],
    '/rest-api/do-not-contact/{id}': [String(optedOut.id)],
  }

  // The fuzz may deactivate these users, rename them or change their passwords (which revokes their
  // tokens): put them back after each operation, so every request is really authenticated.
  const pool = deps.database.pool
  const { rows: fixtures } = await pool.query('select id, username, password_hash, role, organization_id from users where id = any($1)', [[1, other.id]])
  const repair = async () => {
    for (const u of fixtures) {
      await pool.query('update users set is_active = true, username = $2, password_hash = $3, role = $4, organization_id = $5 where id = $1',
        [u.id, u.username, u.password_hash, u.role, u.organization_id])
    }
    await pool.query('update api_token set revoked_at = null where user_id = any($1)', [[1, other.id]])
    const { rows: [left] } = await pool.query('select count(*)::int as n from api_token where user_id = any($1)', [[1, other.id]])
    if (left.n < 2) throw new Error('the fuzz deleted a fixture user or token; the rest would only test authentication')
  }

  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  const operations = operationsOf(doc)
  const rng = prng(SEED)
  const failures: Failure[] = []
  const refusals: Failure[] = []
  const perOperation = new Map<string, { requests: number; statuses: Map<number, number>; failures: number; databaseRefusals: number }>()
  let requests = 0
  for (const op of operations) {
    const name = `${op.method} ${op.path}`
    const stats = { requests: 0, statuses: new Map<number, number>(), failures: 0, databaseRefusals: 0 }
    perOperation.set(name, stats)
    for (const [role, token] of Object.entries(tokens)) {
      for (let i = 0; i < CASES; i++) {
        const request = malformedRequest(op, rng, ids)
        const res = await app.inject({
          method: request.method as 'GET', url: request.url, payload: request.payload,
          headers: { ...request.headers, authorization: `Token ${token}` },
        })
        requests++
        stats.requests++
        const logged = watcher.entries.splice(0)
        const refusedByDatabase = logged.find((e) => e.msg === 'database refused the request')
        if (refusedByDatabase) {
          stats.databaseRefusals++
          refusals.push({ role, request, status: res.statusCode, body: String(refusedByDatabase.err?.message).slice(0, 300) })
        }
        stats.statuses.set(res.statusCode, (stats.statuses.get(res.statusCode) ?? 0) + 1)
        if (res.statusCode >= 500) {
          stats.failures++
          failures.push({ role, request, status: res.statusCode, body: res.body.slice(0, 300) })
        }
        // Revoking the token in use or changing a fixture user's password would leave the rest of this operation's
        // requests unauthenticated: put the fixtures back at once.
        if (res.statusCode < 300 && /^\/rest-api\/(token|user)\//.test(op.path) && op.method !== 'GET') await repair()
      }
    }
    await repair()
  }

  for (const [name, stats] of perOperation) {
    const statuses = [...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')
    t.comment(`${stats.failures ? '✗' : '✓'} ${name}: ${stats.requests} requests, ${statuses}`)
  }
  for (const f of failures.slice(0, 50)) {
    t.comment(`5xx as ${f.role}: ${f.request.method} ${f.request.url.slice(0, 200)} [${f.request.mutation}] → ${f.status} ${f.body}`)
  }
  for (const f of refusals.slice(0, 50)) {
    t.comment(`refused only by PostgreSQL as ${f.role}: ${f.request.method} ${f.request.url.slice(0, 200)} [${f.request.mutation}] → ${f.status} ${f.body}`)
  }
  const authenticated = [...perOperation.values()].reduce((n, s) => n + s.requests - (s.statuses.get(401) ?? 0), 0)
  t.comment(`fuzz: ${operations.length} operations, ${requests} requests (seed ${SEED}, ${CASES} per operation and role), ${failures.length} answered 5xx, ${refusals.length} refused only by PostgreSQL`)
  t.ok(operations.length >= 100, `every documented operation was fuzzed (${operations.length})`)
  t.ok(authenticated > requests * 0.95, `the requests were authenticated (${authenticated} of ${requests} not 401)`)
  t.equal(failures.length, 0, 'no request was answered 5xx')
  t.equal(refusals.length, 0, 'every malformed value was refused before it reached PostgreSQL (schemas and services, not only the error mapping)')
  for (const [name, stats] of perOperation) if (stats.failures) t.fail(`${name}: ${stats.failures} of ${stats.requests} answered 5xx`)
})
