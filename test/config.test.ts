import { spawnSync } from 'node:child_process'
import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/tocsin', SECRET_KEY: '0123456789abcdef0123' }

t.test('defaults', async (t) => {
  const config = loadConfig(base)
  t.equal(config.port, 8002)
  t.equal(config.publicUrl, 'http://localhost:8002')
  t.equal(config.logLevel, 'info')
  t.equal(config.workerConcurrency, 10)
  t.equal(config.alarmStaleAfter, 3600)
  t.equal(config.databaseStatementTimeout, 30)
  t.equal(config.databaseConnectTimeout, 5)
  t.ok(Object.isFrozen(config))
})

t.test('PUBLIC_URL follows PORT and loses its trailing slash', async (t) => {
  t.equal(loadConfig({ ...base, PORT: '9000' }).publicUrl, 'http://localhost:9000')
  t.equal(loadConfig({ ...base, PUBLIC_URL: 'https://tocsin.example.org/' }).publicUrl, 'https://tocsin.example.org')
})

t.test('TRUST_PROXY: off by default, else a list of addresses', async (t) => {
  t.same(loadConfig(base).trustProxy, [])
  t.same(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy, [])
  t.same(loadConfig({ ...base, TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,::1,loopback' }).trustProxy,
    ['10.0.0.1', '172.16.0.0/12', '::1', 'loopback'])
})

t.test('bad values name the variable', async (t) => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ PORT: 'abc' }, 'PORT', /whole number/],
    [{ PORT: '70000' }, 'PORT', /between/],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL', /valid URL/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL', /postgres/],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL', /http/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
    [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY', /between/],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL', /smtp/],
    [{ SECRET_KEY: 'short' }, 'SECRET_KEY', /16/],
    [{ OUTBOUND_URL_ALLOW: '10.0.0.0/8, http://x' }, 'OUTBOUND_URL_ALLOW', /CIDR/],
    [{ OUTBOUND_URL_ALLOW: '10.0.0.0/33' }, 'OUTBOUND_URL_ALLOW', /CIDR/],
    [{ JWT_PUBLIC_KEY: 'not a pem' }, 'JWT_PUBLIC_KEY', /PEM/],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY', /not an IP address/],
    [{ DATABASE_STATEMENT_TIMEOUT: '0' }, 'DATABASE_STATEMENT_TIMEOUT', /between/],
    [{ DATABASE_CONNECT_TIMEOUT: 'soon' }, 'DATABASE_CONNECT_TIMEOUT', /whole number/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY', /not an IP address/],
    [{ TRUST_PROXY: '10.0.0.1, proxy.example' }, 'TRUST_PROXY', /"proxy.example"/],
  ]
  for (const [env, variable, problem] of cases) {
    let error: unknown
    try {
      loadConfig({ ...base, ...env })
    } catch (err) {
      error = err
    }
    t.ok(error instanceof ConfigError, `${variable} is rejected`)
    t.equal((error as ConfigError).variable, variable)
    t.match((error as ConfigError).message, new RegExp(`^${variable}: .*${problem.source}`))
  }
  t.throws(() => loadConfig({ DATABASE_URL: base.DATABASE_URL }), { message: /^SECRET_KEY: / }, 'external database needs SECRET_KEY')
})

t.test('the CLI exits non-zero naming the variable', async (t) => {
  for (const [variable, value] of [['PORT', 'abc'], ['DATABASE_URL', 'nonsense']]) {
    const run = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'serve'], {
      env: { ...process.env, ...base, [variable!]: value! },
      encoding: 'utf8',
    })
    t.not(run.status, 0)
    t.match(run.stderr, new RegExp(`${variable}`))
  }
})

t.test('tocsin --help lists the commands', async (t) => {
  const run = spawnSync('npx', ['tsx', 'src/cli/main.ts', '--help'], { encoding: 'utf8' })
  t.equal(run.status, 0)
  for (const command of ['serve', 'api', 'worker', 'migrate', 'simulator', 'phone']) t.match(run.stdout, command)
})

t.test('the README configuration table lists every variable', async (t) => {
  const { readFileSync } = await import('node:fs')
  const { CONFIG_VARIABLES } = await import('../src/config.js')
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  for (const variable of CONFIG_VARIABLES) t.match(readme, `| \`${variable}\` |`, variable)
})
