import t from 'tap'
import { twoApiProcesses } from '../helpers/api-processes.js'
import { buildTestApp } from '../helpers/build.js'

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

t.test('40 concurrent wrong passwords: only the first 10 are checked, the rest wait (429)', async (t) => {
  const { app, deps } = await buildTestApp(t)
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    app.inject({ method: 'GET', url: '/rest-api/user/', headers: { authorization: basic('manager', `wrong-${i}`) } })))
  const statuses = answers.map((a) => a.statusCode)
  t.equal(statuses.filter((s) => s === 401).length, 10, 'exactly ten guesses were checked')
  t.equal(statuses.filter((s) => s === 429).length, 30, 'the rest were refused unchecked')
  const { rows } = await deps.database.pool.query(`select failures from login_failure where key = 'basic:manager:127.0.0.1'`)
  t.ok(rows[0].failures >= 10 && rows[0].failures <= 40, 'every checked guess was counted (a guess that saw the block first is refused without counting)')
  const right = await app.inject({ method: 'GET', url: '/rest-api/user/', headers: { authorization: basic('manager', 'manager') } })
  t.equal(right.statusCode, 429, 'while blocked, even the right password waits')
})

t.test('two API processes share the limit: 40 concurrent guesses split between them, still only 10 checked', async (t) => {
  const { a, b } = await twoApiProcesses(t)
  const apps = [a, b]
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    apps[i % 2]!.inject({ method: 'GET', url: '/rest-api/user/', remoteAddress: '203.0.113.40', headers: { authorization: basic('manager', `wrong-${i}`) } })))
  const statuses = answers.map((a) => a.statusCode)
  t.equal(statuses.filter((s) => s === 401).length, 10, 'ten guesses were checked in all, not ten per process')
  t.equal(statuses.filter((s) => s === 429).length, 30)
  for (const app of apps) {
    const right = await app.inject({ method: 'GET', url: '/rest-api/user/', remoteAddress: '203.0.113.40', headers: { authorization: basic('manager', 'manager') } })
    t.equal(right.statusCode, 429, 'both processes hold the block')
  }
})

t.test('a success clears the count; a blocked key cannot learn which guess is right', async (t) => {
  const { app } = await buildTestApp(t)
  const as = (password: string, remoteAddress = '203.0.113.9') =>
    app.inject({ method: 'GET', url: '/rest-api/user/', remoteAddress, headers: { authorization: basic('manager', password) } })
  t.equal((await as('manager')).statusCode, 200, 'the right password (now remembered)')
  for (let i = 0; i < 9; i++) t.equal((await as(`bad${i}`)).statusCode, 401)
  t.equal((await as('manager')).statusCode, 200, 'nine failures: still allowed')
  for (let i = 0; i < 10; i++) t.equal((await as(`bad${i}`)).statusCode, 401, 'a success reset the count')
  t.equal((await as('manager')).statusCode, 429, 'blocked: a remembered right password waits like any guess')
  t.equal((await as('manager', '203.0.113.10')).statusCode, 200, 'another address is not blocked')
})

t.test('without TRUST_PROXY, X-Forwarded-For neither escapes the limit nor locks out someone else', async (t) => {
  const { app } = await buildTestApp(t)
  const attacker = '198.51.100.66'
  const victim = '198.51.100.7'
  for (let i = 0; i < 10; i++) {
    const res = await app.inject({
      method: 'GET', url: '/rest-api/user/', remoteAddress: attacker,
      headers: { authorization: basic('admin', `guess${i}`), 'x-forwarded-for': i % 2 ? `10.9.8.${i}` : victim },
    })
    t.equal(res.statusCode, 401)
  }
  const rotated = await app.inject({
    method: 'GET', url: '/rest-api/user/', remoteAddress: attacker,
    headers: { authorization: basic('admin', 'guess-more'), 'x-forwarded-for': '10.1.2.3' },
  })
  t.equal(rotated.statusCode, 429, 'a new X-Forwarded-For does not reset the attacker\'s count')
  const victimLogin = await app.inject({
    method: 'GET', url: '/rest-api/user/', remoteAddress: victim, headers: { authorization: basic('admin', 'admin') },
  })
  t.equal(victimLogin.statusCode, 200, 'the address the attacker named is not locked out')
})

t.test('with TRUST_PROXY, the configured proxy names the client; nobody else can', async (t) => {
  const { app } = await buildTestApp(t, { TRUST_PROXY: '192.0.2.1' })
  const viaProxy = (client: string, password: string) => app.inject({
    method: 'GET', url: '/rest-api/user/', remoteAddress: '192.0.2.1',
    headers: { authorization: basic('manager', password), 'x-forwarded-for': client },
  })
  for (let i = 0; i < 10; i++) t.equal((await viaProxy('198.51.100.20', `bad${i}`)).statusCode, 401)
  t.equal((await viaProxy('198.51.100.20', 'bad')).statusCode, 429, 'that client is blocked')
  t.equal((await viaProxy('198.51.100.21', 'manager')).statusCode, 200, 'another client behind the proxy is not')
  const direct = await app.inject({
    method: 'GET', url: '/rest-api/user/', remoteAddress: '198.51.100.99',
    headers: { authorization: basic('manager', 'manager'), 'x-forwarded-for': '198.51.100.20', 'x-forwarded-host': 'evil.example' },
  })
  t.equal(direct.statusCode, 200, 'a client that is not the proxy is keyed by its own address')
  t.notMatch(direct.body, /evil\.example/, 'and cannot choose the host of hyperlinks')
  const proxied = await app.inject({
    method: 'GET', url: '/rest-api/user/', remoteAddress: '192.0.2.1',
    headers: { authorization: basic('manager', 'manager'), 'x-forwarded-for': '198.51.100.22', 'x-forwarded-host': 'tocsin.example.org', 'x-forwarded-proto': 'https' },
  })
  t.equal(proxied.statusCode, 200)
  t.match(proxied.json().results[0].url, /^https:\/\/tocsin\.example\.org\/rest-api\/user\/2\/$/, 'the trusted proxy sets host and scheme')
})

t.test('X-Forwarded-Host does not control hyperlinks unless a proxy is trusted', async (t) => {
  const { app } = await buildTestApp(t)
  const res = await app.inject({
    method: 'GET', url: '/rest-api/user/', headers: {
      authorization: basic('admin', 'admin'), host: 'tocsin.local:8002', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https',
    },
  })
  t.equal(res.statusCode, 200)
  t.match(res.json().results[0].url, /^http:\/\/tocsin\.local:8002\/rest-api\/user\/1\/$/)
  t.notMatch(res.body, /evil\.example/)
})
