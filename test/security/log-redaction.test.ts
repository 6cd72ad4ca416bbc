import { Writable } from 'node:stream'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { buildApp, createDeps } from '../../src/app.js'
import { apiToken, gateway, users } from '../../src/db/schema/index.js'
import { toTaskList } from '../../src/queue/tasks.js'
import { createLogger } from '../../src/logger.js'
import { hashPassword } from '../../src/accounts/passwords.js'
import { encryptSecret } from '../../src/kit/secrets.js'
import { testConfig } from '../helpers/build.js'
import { createTestDatabase } from '../helpers/database.js'

/** A logger writing into `lines`, exactly as Tocsin's own (createLogger) writes to stdout. */
function capturingLogger() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  return { logger: createLogger('info', stream), lines, text: () => lines.join('\n') }
}

t.test('failed queries are logged without their parameters or row values', async (t) => {
  const database = await createTestDatabase(t)
  const { logger, text } = capturingLogger()
  const hash = await hashPassword('correct horse battery staple')
  const sealed = encryptSecret('test-secret-key-0123456789', 'gateway-auth-token-secret')

  // A foreign-key violation: drizzle's error names every parameter, the password hash among them.
  const fkError = await database.db.insert(users).values({ username: 'leaky', passwordHash: hash, organizationId: 999_999 })
    .then(() => null, (err: unknown) => err as Error)
  t.ok(fkError, 'the insert failed')
  t.match(fkError!.message, hash, 'drizzle puts the hash in the message (what must not reach the log)')
  logger.error({ err: fkError }, 'query failed')

  // A unique violation: PostgreSQL's detail quotes the key value.
  await database.db.insert(apiToken).values({ userId: 1, tokenHash: 'tokenhash-secret-value' })
  const dup = await database.db.insert(apiToken).values({ userId: 1, tokenHash: 'tokenhash-secret-value' })
    .then(() => null, (err: unknown) => err as Error)
  t.ok(dup)
  logger.error(dup!, 'duplicate')

  // A not-null violation: "Failing row contains (…)" lists the whole row, the encrypted token too.
  const nn = await database.db.insert(gateway).values({
    name: null as unknown as string, provider: 'twilio', accountSid: 'AC1', authTokenEncrypted: sealed,
  }).then(() => null, (err: unknown) => err as Error)
  t.ok(nn)
  logger.warn({ error: nn }, 'gateway insert failed')
  // graphile-worker writes a failed job's message and stack into the text of its log line.
  logger.error(`Failed task 1 (x, 3.00ms, attempt 1 of 25) with error '${nn!.message}':\n  ${String(nn!.stack).replace(/\n/g, '\n  ')}`)

  const out = text()
  t.match(out, /Failed query/, 'the failing query is still logged')
  t.match(out, /violates foreign key constraint/, 'and why it failed')
  for (const secret of [hash, hash.split('$').pop()!, 'tokenhash-secret-value', sealed, sealed.split('.')[2]!]) {
    t.notOk(out.includes(secret), `no secret in the log (${secret.slice(0, 12)}…)`)
  }
  t.match(out, /\[redacted\]/)
})

t.test('a failing job is stored and logged by graphile-worker without its parameters', async (t) => {
  const database = await createTestDatabase(t)
  const hash = await hashPassword('another secret')
  const list = toTaskList({
    noop: async () => {
      await database.db.insert(users).values({ username: 'x', passwordHash: hash, organizationId: 999_999 })
    },
  })
  const failure = await Promise.resolve(list.noop!({}, {} as never)).then(() => null, (err: unknown) => err as Error)
  t.ok(failure)
  t.match(failure!.message, /Failed query/)
  t.notOk(failure!.message.includes(hash), 'message')
  t.notOk(String(failure!.stack).includes(hash), 'stack')
  t.equal((failure!.cause as { code?: string }).code, '23503', 'the PostgreSQL code is kept')
})

t.test('an unhandled error in a route: logged without parameters, and no credentials in request logs', async (t) => {
  const database = await createTestDatabase(t)
  const { logger, text } = capturingLogger()
  const config = testConfig({ DATABASE_URL: database.url })
  const deps = createDeps({ config, database, logger })
  const app = await buildApp(deps)
  t.teardown(() => app.close())
  const sealed = encryptSecret(config.secretKey, 'route-secret-token')
  // Routes that fail inside the database with a secret among the query's parameters (what 500s used to log):
  // one PostgreSQL blames on the request (a 400, logged as a warning), one it does not (a 500).
  app.get('/test/refused-query', async () => {
    await deps.db.insert(gateway).values({ name: 'x', provider: 'twilio', accountSid: 'AC1', authTokenEncrypted: sealed, userId: 999_999 })
    return {}
  })
  app.get('/test/failing-query', async () => {
    await deps.db.execute(sql`select ${sealed}::text as token, 1 / 0 as boom`)
    return {}
  })
  const refused = await app.inject({ method: 'GET', url: '/test/refused-query' })
  t.equal(refused.statusCode, 400)
  const failed = await app.inject({ method: 'GET', url: '/test/failing-query' })
  t.equal(failed.statusCode, 500)
  t.same(failed.json(), { error: { code: 'internal', message: 'Internal server error' } })

  const basic = `Basic ${Buffer.from('admin:admin-password-1').toString('base64')}`
  await app.inject({ method: 'GET', url: '/test/log-headers', headers: { authorization: basic, cookie: 'tocsin_admin=v1.1.2.cookie-secret' } })
  await app.inject({ method: 'GET', url: '/rest-api/user/', headers: { authorization: basic } })

  const out = text()
  t.match(out, /unhandled error/)
  t.match(out, /database refused the request/)
  t.match(out, /division by zero/, 'the error itself is logged')
  t.notOk(out.includes(sealed), 'no encrypted gateway token')
  for (const secret of [basic.slice(6), 'cookie-secret', 'plain-password', 'plain-token', 'admin-password-1']) {
    t.notOk(out.includes(secret), `${secret} is not logged`)
  }
})
