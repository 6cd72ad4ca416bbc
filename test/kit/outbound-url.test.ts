// The outbound URL policy on its own: address classes (every spelling of loopback), the allow-list, the check that
// runs on each connection (literal hosts and resolved names), and no redirects.
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { ADDRESS_KIND, classifyAddress } from '../../src/kit/ip-ranges.js'
import { createOutboundPolicy, OutboundRefused, parseAllowList } from '../../src/kit/outbound-url.js'

const publicUrl = 'http://tocsin.example.org'

async function listen(t: { teardown(fn: () => unknown): void }, host: string): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0
  const server = createServer((req, res) => {
    hits++
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/secret` })
      return res.end()
    }
    res.end('internal secret')
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits }
}

t.test('address classes, whatever the spelling', async (t) => {
  const internal: [string, string][] = [
    ['127.0.0.1', ADDRESS_KIND.loopback], ['127.255.0.9', ADDRESS_KIND.loopback], ['::1', ADDRESS_KIND.loopback],
    ['::ffff:127.0.0.1', ADDRESS_KIND.loopback], ['::ffff:7f00:1', ADDRESS_KIND.loopback], ['::7f00:1', ADDRESS_KIND.loopback],
    ['::127.0.0.1', ADDRESS_KIND.loopback], ['[::7f00:1]', ADDRESS_KIND.loopback], ['64:ff9b::7f00:1', ADDRESS_KIND.loopback],
    ['2002:7f00:1::1', ADDRESS_KIND.loopback], ['0:0:0:0:0:ffff:7f00:0001', ADDRESS_KIND.loopback],
    ['10.1.2.3', ADDRESS_KIND.private], ['172.16.0.1', ADDRESS_KIND.private], ['192.168.1.1', ADDRESS_KIND.private],
    ['100.64.0.1', ADDRESS_KIND.private], ['::ffff:10.0.0.1', ADDRESS_KIND.private],
    ['169.254.169.254', ADDRESS_KIND.linkLocal], ['::ffff:169.254.169.254', ADDRESS_KIND.linkLocal], ['fe80::1', ADDRESS_KIND.linkLocal],
    ['fd00::1', ADDRESS_KIND.uniqueLocal], ['fc12:3456::1', ADDRESS_KIND.uniqueLocal],
    ['0.0.0.0', ADDRESS_KIND.unspecified], ['::', ADDRESS_KIND.unspecified], ['::ffff:0.0.0.0', ADDRESS_KIND.unspecified],
    ['224.0.0.1', ADDRESS_KIND.multicast], ['ff02::1', ADDRESS_KIND.multicast], ['255.255.255.255', ADDRESS_KIND.reserved],
    ['::8.8.8.8', ADDRESS_KIND.embedded], ['2001:0:4136:e378:8000:63bf:3fff:fdd2', ADDRESS_KIND.embedded],
    ['not-an-ip', ADDRESS_KIND.invalid],
  ]
  for (const [address, kind] of internal) t.equal(classifyAddress(address), kind, `${address} is ${kind}`)
  for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001::200e']) {
    t.equal(classifyAddress(address), ADDRESS_KIND.public, `${address} is public`)
  }
})

t.test('OUTBOUND_URL_ALLOW entries', async (t) => {
  t.same(parseAllowList('127.0.0.1, 10.0.0.0/8 fd00::/8,sim.internal'), { ok: true, entries: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'sim.internal'] })
  t.same(parseAllowList(''), { ok: true, entries: [] })
  t.same(parseAllowList('10.0.0.0/40'), { ok: false, entry: '10.0.0.0/40' })
  t.same(parseAllowList('http://x'), { ok: false, entry: 'http://x' })
})

t.test('check(): scheme, literal addresses, names resolved, and the allow-list', async (t) => {
  const strict = createOutboundPolicy({ allow: [], publicUrl })
  t.teardown(() => strict.close())
  for (const url of [
    'http://127.0.0.1:5432/', 'http://[::1]/', 'http://[::7f00:1]:8002/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.7/', 'http://[fd00::1]/', 'http://0.0.0.0:8002/', 'http://localhost:8002/', 'ftp://example.com/', 'not a url',
    'http://user:pass@8.8.8.8/',
  ]) {
    await t.rejects(strict.check(url), OutboundRefused, `${url} is refused`)
  }
  await t.rejects(strict.check('http://[::7f00:1]:8002/'), { message: /loopback.*OUTBOUND_URL_ALLOW/ }, 'the reason names the way out')
  t.equal(await strict.check('https://8.8.8.8/'), 'allowed', 'a public address')
  t.equal(await strict.check('https://no-such-host.invalid/'), 'unresolved', 'a name without an address yet: checked again at each connection')

  const allowing = createOutboundPolicy({ allow: ['127.0.0.1', '10.0.0.0/8', 'localhost'], publicUrl })
  t.teardown(() => allowing.close())
  await t.resolves(allowing.check('http://127.0.0.1:4010/'))
  await t.resolves(allowing.check('http://[::ffff:127.0.0.1]:4010/'), 'the allowed IPv4 address in its mapped IPv6 spelling')
  await t.resolves(allowing.check('http://10.9.8.7/'))
  await t.resolves(allowing.check('http://localhost:4010/'), 'an allowed host name')
  await t.rejects(allowing.check('http://127.0.0.2/'), OutboundRefused, 'only what is named')
  await t.rejects(allowing.check('http://169.254.169.254/'), OutboundRefused)
})

t.test('every connection is checked: literal hosts, resolved names, no redirects', async (t) => {
  const target = await listen(t, '127.0.0.1')
  const strict = createOutboundPolicy({ allow: [], publicUrl })
  t.teardown(() => strict.close())
  for (const url of [`http://127.0.0.1:${target.port}/`, `http://[::ffff:127.0.0.1]:${target.port}/`, `http://localhost:${target.port}/`]) {
    await t.rejects(strict.postJson(url, '{}', {}), OutboundRefused, `postJson ${url}`)
    // The agents refuse on their own too: whoever uses them (the provider client) cannot reach the address.
    const viaAgent = await new Promise<unknown>((resolve) => {
      request(url, { agent: strict.agents.http }, (res) => { res.resume(); resolve(res.statusCode) }).on('error', resolve).end()
    })
    t.ok(viaAgent instanceof OutboundRefused, `the agent refuses ${url}`)
  }
  t.equal(target.hits(), 0, 'nothing reached the internal server')

  const allowing = createOutboundPolicy({ allow: ['127.0.0.1'], publicUrl })
  t.teardown(() => allowing.close())
  const answer = await allowing.postJson(`http://127.0.0.1:${target.port}/redirect`, '{}', {})
  t.equal(answer.status, 302, 'a redirect is an answer, not followed')
  t.equal(target.hits(), 1)
})

t.test("Tocsin's own URLs", async (t) => {
  const policy = createOutboundPolicy({ allow: [], publicUrl: 'https://tocsin.example.org/app' })
  t.teardown(() => policy.close())
  t.ok(policy.isOwn('https://tocsin.example.org/app/twilio/voice?call=1', '/twilio/'))
  t.notOk(policy.isOwn('https://tocsin.example.org/app/rest-api/user/', '/twilio/'))
  t.notOk(policy.isOwn('https://tocsin.example.org.evil.test/app/twilio/voice', '/twilio/'))
  t.notOk(policy.isOwn('http://tocsin.example.org/app/twilio/voice', '/twilio/'), 'another scheme is another origin')
  t.ok(policy.isOwn('https://tocsin.example.org/app/simulator/', '/simulator', true))
  t.notOk(policy.isOwn('https://tocsin.example.org/app/simulator/x', '/simulator', true))
})
