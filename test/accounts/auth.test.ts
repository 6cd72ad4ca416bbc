import t from 'tap'
import { buildTestApp } from '../helpers/build.js'

t.test('authentication', async (t) => {
  const { call, deps } = await buildTestApp(t)

  t.test('no credentials → 401 JSON with a Basic challenge', async (t) => {
    const res = await call({ method: 'GET', url: '/rest-api/user/' })
    t.equal(res.statusCode, 401)
    t.equal(res.json().error.code, 'unauthorized')
    t.match(res.headers['www-authenticate'], /Basic/)
  })

  t.test('wrong password → 401; unknown user → 401', async (t) => {
    t.equal((await call({ method: 'GET', url: '/rest-api/user/', as: ['admin', 'nope'] })).statusCode, 401)
    t.equal((await call({ method: 'GET', url: '/rest-api/user/', as: ['ghost', 'x'] })).statusCode, 401)
  })

  t.test('unknown scheme → 401 naming it', async (t) => {
    const res = await call({ method: 'GET', url: '/rest-api/user/', headers: { authorization: 'Digest abc' } })
    t.equal(res.statusCode, 401)
    t.match(res.json().error.message, /Digest/)
  })

  t.test('Basic works and never returns a password or hash', async (t) => {
    const res = await call({ method: 'GET', url: '/rest-api/user/', as: 'admin' })
    t.equal(res.statusCode, 200)
    t.same(Object.keys(res.json()), ['count', 'next', 'previous', 'results'])
    t.notMatch(res.body, /password|scrypt\$/)
  })

  t.test('token: issued for Basic, works, can be revoked', async (t) => {
    const issued = await call({ method: 'POST', url: '/rest-api/token/', as: 'manager' })
    t.equal(issued.statusCode, 201)
    const { token } = issued.json()
    t.match(token, /^[0-9a-f]{40}$/)
    const me = await call({ method: 'GET', url: '/rest-api/user/', token })
    t.equal(me.statusCode, 200)
    t.equal(me.json().results[0].username, 'manager')
    t.equal((await call({ method: 'POST', url: '/rest-api/token/', token })).statusCode, 400, 'a token cannot mint tokens')
    t.equal((await call({ method: 'DELETE', url: '/rest-api/token/', token })).statusCode, 204)
    t.equal((await call({ method: 'GET', url: '/rest-api/user/', token })).statusCode, 401, 'revoked')
  })

  t.test('revoke all tokens of a user, and only of that user', async (t) => {
    const a = (await call({ method: 'POST', url: '/rest-api/token/', as: 'admin' })).json().token
    const b = (await call({ method: 'POST', url: '/rest-api/token/', as: 'admin' })).json().token
    const other = (await call({ method: 'POST', url: '/rest-api/token/', as: 'manager' })).json().token
    const stored = async () => (await deps.database.pool.query(
      `select u.username, count(*)::int as n from api_token k join users u on u.id = k.user_id
       where k.revoked_at is null group by u.username`)).rows
    t.equal((await call({ method: 'DELETE', url: '/rest-api/token/?all=true', token: a })).statusCode, 204)
    t.equal((await call({ method: 'GET', url: '/rest-api/user/', token: a })).statusCode, 401, 'the token used is revoked')
    t.equal((await call({ method: 'GET', url: '/rest-api/user/', token: b })).statusCode, 401, 'and every other token of that user')
    const still = await call({ method: 'GET', url: '/rest-api/user/', token: other })
    t.equal(still.statusCode, 200, "another user's token still works")
    t.match(still.json(), { results: [{ username: 'manager' }] })
    t.notOk((await stored()).some((r) => r.username === 'admin'), 'no admin token is left unrevoked')
    t.ok((await stored()).some((r) => r.username === 'manager' && r.n >= 1), "the manager's tokens are kept")
  })

  t.test('tokens are stored hashed', async (t) => {
    const { token } = (await call({ method: 'POST', url: '/rest-api/token/', as: 'admin' })).json()
    const { rows } = await deps.database.pool.query('select token_hash from api_token')
    t.ok(rows.length > 0)
    for (const row of rows) t.not(row.token_hash, token)
    t.notOk(rows.some((r) => String(r.token_hash).includes(token)))
  })
})

t.test('failed logins are rate limited per user and address', async (t) => {
  const { call } = await buildTestApp(t)
  for (let i = 0; i < 10; i++) {
    t.equal((await call({ method: 'GET', url: '/rest-api/user/', as: ['manager', `bad${i}`] })).statusCode, 401)
  }
  const blocked = await call({ method: 'GET', url: '/rest-api/user/', as: ['manager', 'bad'] })
  t.equal(blocked.statusCode, 429)
  t.ok(Number(blocked.headers['retry-after']) > 0)
  t.equal((await call({ method: 'GET', url: '/rest-api/user/', as: 'manager' })).statusCode, 429, 'even the right password waits')
  t.equal((await call({ method: 'GET', url: '/rest-api/user/', as: 'admin' })).statusCode, 200, 'other users are not affected')
})
