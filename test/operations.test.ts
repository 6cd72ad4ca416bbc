import { Writable } from 'node:stream'
import pino from 'pino'
import t from 'tap'
import { buildApp, createDeps } from '../src/app.js'
import { REDACT_PATHS } from '../src/logger.js'
import { buildTestApp, testConfig } from './helpers/build.js'
import { createTestDatabase } from './helpers/database.js'

t.test('health, readiness, metrics, docs', async (t) => {
  const { call } = await buildTestApp(t)
  t.same((await call({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' })
  t.same((await call({ method: 'GET', url: '/readyz' })).json(), { status: 'ready' })
  await call({ method: 'GET', url: '/healthz' })
  const metrics = await call({ method: 'GET', url: '/metrics' })
  t.equal(metrics.statusCode, 200)
  t.match(metrics.headers['content-type'], /text\/plain/)
  t.match(metrics.body, /tocsin_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\}/)
  const docs = await call({ method: 'GET', url: '/docs/json' })
  t.equal(docs.statusCode, 200)
  t.ok(docs.json().paths['/rest-api/user/'], 'the OpenAPI document is generated from the routes')
})

t.test('readiness fails when the database is gone', async (t) => {
  const database = await createTestDatabase(t)
  const deps = createDeps({ config: testConfig({ DATABASE_URL: database.url }), database, logger: pino({ level: 'silent' }) })
  const app = await buildApp(deps)
  await database.pool.query('drop schema tocsin_migrations cascade')
  const res = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(res.statusCode, 503)
  await app.close()
})

t.test('one error format', async (t) => {
  const { call } = await buildTestApp(t)

  const missing = await call({ method: 'GET', url: '/nope' })
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), { error: { code: 'not_found', message: 'No route for GET /nope' } })

  const malformed = await call({
    method: 'POST', url: '/rest-api/organization/', as: 'admin',
    headers: { 'content-type': 'application/json' }, payload: '{"name": ',
  })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().error.code, 'malformed_json')

  const big = await call({
    method: 'POST', url: '/rest-api/organization/', as: 'admin',
    headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
  })
  t.equal(big.statusCode, 413)
  t.equal(big.json().error.code, 'too_large')

  const invalid = await call({ method: 'POST', url: '/rest-api/organization/', as: 'admin', payload: { phone: 1 } })
  t.equal(invalid.statusCode, 400)
  t.equal(invalid.json().error.code, 'invalid')
  t.equal(invalid.json().error.fields.name, 'This field is required.')
  t.match(invalid.json().error.message, /name/)
})

t.test('logs never contain credentials', async (t) => {
  const lines: string[] = []
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const database = await createTestDatabase(t)
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink)
  const app = await buildApp(createDeps({ config: testConfig({ DATABASE_URL: database.url }), database, logger }))
  t.teardown(() => app.close())
  const basic = `Basic ${Buffer.from('admin:admin').toString('base64')}`
  await app.inject({ method: 'GET', url: '/rest-api/user/', headers: { authorization: basic } })
  const { token } = (await app.inject({ method: 'POST', url: '/rest-api/token/', headers: { authorization: basic } })).json()
  await app.inject({ method: 'GET', url: '/rest-api/user/', headers: { authorization: `Token ${token}` } })
  await app.inject({
    method: 'POST', url: '/rest-api/user/', headers: { authorization: basic },
    payload: { username: 'secretive', password: 'hunter2-password' },
  })
  logger.info({ password: 'hunter2-password', token }, 'a careless log line')
  const all = lines.join('')
  t.ok(lines.length > 3)
  t.notMatch(all, Buffer.from('admin:admin').toString('base64'))
  t.notMatch(all, token)
  t.notMatch(all, 'hunter2-password')
  t.match(all, '[redacted]')
})
