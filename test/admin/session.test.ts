import t from 'tap'
import { escapeHtml, html } from '../../src/admin/html.js'
import { safeNext } from '../../src/admin/login.js'
import { parseCookies, SESSION_COOKIE, sessionKey, signSession } from '../../src/admin/session.js'
import { buildTestApp } from '../helpers/build.js'
import { csrfOf, get, login, post, SAME_ORIGIN, sessionCookieOf } from './helpers.js'

t.test('html helpers', async (t) => {
  t.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  const title = '<script>alert(1)</script>'
  t.equal(html`<td>${title}</td>`.value, '<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>')
  t.equal(html`<ul>${['<b>', html`<li>ok</li>`]}</ul>`.value, '<ul>&lt;b&gt;<li>ok</li></ul>', 'nested fragments are not escaped twice')
  t.equal(html`${null}${undefined}${false}${0}`.value, '0')
  t.same([...parseCookies('a=1; tocsin_admin=v1.x; a=2; b="q%20r"; junk')], [['a', '1'], ['tocsin_admin', 'v1.x'], ['b', 'q r']])
  t.equal(safeNext('/admin/calls?page=2'), '/admin/calls?page=2')
  for (const bad of ['//evil.example/admin', 'https://evil.example/', '/admin//evil.example', '/adminx', '/admin/\\evil', undefined]) {
    t.equal(safeNext(bad), '/admin', String(bad))
  }
})

t.test('login, session, logout', async (t) => {
  const { app, deps } = await buildTestApp(t)
  const pool = deps.database.pool

  t.test('pages redirect to the login form when signed out', async (t) => {
    for (const url of ['/admin', '/admin/alarm-requests', '/admin/alarm-requests/1', '/admin/calls', '/admin/calls/1', '/admin/messages',
      '/admin/events/1', '/admin/outbox', '/admin/do-not-contact', '/admin/audit', '/admin/nope']) {
      const res = await app.inject({ method: 'GET', url })
      t.equal(res.statusCode, 303, url)
      t.equal(res.headers.location, `/admin/login?next=${encodeURIComponent(url)}`, url)
    }
    const form = await app.inject({ method: 'GET', url: '/admin/login?next=/admin/calls' })
    t.equal(form.statusCode, 200)
    t.match(form.headers['content-type'], /^text\/html/)
    t.match(form.body, /<form method="post" action="\/admin\/login">/)
    t.match(form.body, /name="next" value="\/admin\/calls"/)
    t.match(form.headers['content-security-policy'], /default-src 'none'/)
    const post = await app.inject({ method: 'POST', url: '/admin/do-not-contact', headers: { origin: SAME_ORIGIN }, payload: { phone_number: '+14155550100' } })
    t.equal(post.statusCode, 303)
    t.equal(post.headers.location, '/admin/login')
    t.equal((await pool.query('select count(*)::int as n from do_not_contact')).rows[0].n, 0)
  })

  t.test('wrong password: the form again with an error, no cookie', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/admin/login', headers: { origin: SAME_ORIGIN }, payload: { username: 'admin', password: 'wrong' } })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['set-cookie'], undefined)
    t.match(res.body, /Invalid username or password/)
    t.match(res.body, /name="username"[^>]*value="admin"/)
    t.notMatch(res.body, /wrong/, 'the password is not echoed')
    const empty = await app.inject({ method: 'POST', url: '/admin/login', headers: { origin: SAME_ORIGIN }, payload: { username: 'admin' } })
    t.equal(empty.statusCode, 400)
    t.equal(empty.headers['set-cookie'], undefined)
  })

  t.test('success: a signed HttpOnly cookie, then the pages open', async (t) => {
    const res = await app.inject({
      method: 'POST', url: '/admin/login', headers: { origin: SAME_ORIGIN },
      payload: { username: 'admin', password: 'admin', next: '/admin/calls' },
    })
    t.equal(res.statusCode, 303)
    t.equal(res.headers.location, '/admin/calls')
    const header = String(res.headers['set-cookie'])
    t.match(header, new RegExp(`^${SESSION_COOKIE}=v1\\.1\\.\\d+\\.[A-Za-z0-9_-]{43}; `))
    for (const attribute of ['Path=/;', 'HttpOnly', 'SameSite=Lax', 'Max-Age=28800']) t.ok(header.includes(attribute), attribute)
    const cookie = sessionCookieOf(res)
    const expires = Number(cookie.split('.')[2])
    t.ok(Math.abs(expires - (Date.now() / 1000 + 8 * 3600)) < 60, 'expires in 8 hours')
    const page = await get(app, cookie, '/admin')
    t.equal(page.statusCode, 200)
    t.match(page.body, /<h1>Overview<\/h1>/)
    t.match(page.body, /<span class="user" title="admin">admin<\/span><span class="role">\(admin\)<\/span>/)
    t.equal(page.headers['cache-control'], 'no-store')
    const open = await app.inject({ method: 'POST', url: '/admin/login', headers: { origin: SAME_ORIGIN }, payload: { username: 'admin', password: 'admin', next: '//evil.example/' } })
    t.equal(open.headers.location, '/admin', 'no open redirect')
  })

  t.test('a tampered, forged or expired cookie is refused', async (t) => {
    const cookie = await login(app, 'manager')
    t.equal((await get(app, cookie, '/admin')).statusCode, 200)
    const [name, value] = cookie.split('=') as [string, string]
    const [v, uid, exp, mac] = value.split('.') as [string, string, string, string]
    const flipped = (mac.startsWith('A') ? 'B' : 'A') + mac.slice(1)
    const key = sessionKey(deps.config.secretKey)
    const { rows } = await pool.query('select password_hash from users where id = 2')
    const expired = signSession(key, 2, rows[0].password_hash, Date.now() - 9 * 3600_000).value
    const wrongKey = signSession(sessionKey('another-secret-key-0123'), 2, rows[0].password_hash).value
    const cases = {
      'mac altered': `${v}.${uid}.${exp}.${flipped}`,
      'user id swapped to the admin': `${v}.1.${exp}.${mac}`,
      'expiry extended': `${v}.${uid}.${Number(exp) + 3600}.${mac}`,
      'expired (signed 9 h ago)': expired,
      'signed with another key': wrongKey,
      'garbage': 'hello',
    }
    for (const [what, bad] of Object.entries(cases)) {
      const res = await get(app, `${name}=${bad}`, '/admin')
      t.equal(res.statusCode, 303, what)
      t.match(res.headers.location, /^\/admin\/login/, what)
    }
    await pool.query(`update users set password_hash = 'changed' || password_hash where id = 2`)
    t.equal((await get(app, cookie, '/admin')).statusCode, 303, 'a password change ends existing sessions')
    // Put the password back: the user's row is read at every sign-in, so later sign-ins need it.
    await pool.query(`update users set password_hash = substr(password_hash, 8) where id = 2`)
  })

  t.test('logout clears the cookie', async (t) => {
    const cookie = await login(app, 'admin')
    const res = await post(app, cookie, '/admin/logout', {})
    t.equal(res.statusCode, 303)
    t.equal(res.headers.location, '/admin/login')
    t.match(String(res.headers['set-cookie']), /^tocsin_admin=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/)
  })

  t.test('the session authenticates the APIs too; writes through it must come from this site', async (t) => {
    const cookie = await login(app, 'admin')
    const api = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) =>
      app.inject({ method, url, headers: { cookie, ...headers }, ...(method === 'POST' && { payload: { name: 'From the browser' } }) })
    t.equal((await api('GET', '/rest-api/calendar/')).statusCode, 200, 'Newfies API')
    t.equal((await api('GET', '/contact/')).statusCode, 200, 'CRM API')
    for (const headers of [{}, { origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }] as Record<string, string>[]) {
      const refused = await api('POST', '/rest-api/organization/', headers)
      t.equal(refused.statusCode, 403, `POST with ${JSON.stringify(headers)}`)
      t.match(refused.json(), { error: { code: 'forbidden', message: /come from this site/ } })
    }
    t.equal((await pool.query(`select count(*)::int as n from organization where name = 'From the browser'`)).rows[0].n, 0)
    t.equal((await api('POST', '/rest-api/organization/', { origin: SAME_ORIGIN })).statusCode, 201, 'a write from this site')
    const manager = await login(app, 'manager')
    const asManager = await app.inject({ method: 'POST', url: '/rest-api/organization/', headers: { cookie: manager, origin: SAME_ORIGIN }, payload: { name: 'x' } })
    t.equal(asManager.statusCode, 403, 'roles apply as with any credentials')
    const tampered = await app.inject({ method: 'GET', url: '/rest-api/calendar/', headers: { cookie: cookie.slice(0, -2) + 'xx' } })
    t.equal(tampered.statusCode, 401)
    t.equal((await app.inject({ method: 'GET', url: '/rest-api/calendar/' })).statusCode, 401, 'no credentials at all')
  })

  t.test('POST from a foreign origin is refused (CSRF)', async (t) => {
    const cookie = await login(app, 'admin')
    const attempts = [
      { origin: 'https://evil.example' },
      { referer: 'https://evil.example/page' },
      { origin: 'null' },
      {},
    ]
    const _csrf = csrfOf(app, cookie)
    for (const headers of attempts) {
      const res = await app.inject({ method: 'POST', url: '/admin/do-not-contact', headers: { cookie, ...headers }, payload: { phone_number: '+14155550123', _csrf } })
      t.equal(res.statusCode, 403, JSON.stringify(headers))
      t.match(res.body, /Origin\/Referer check/)
    }
    const login403 = await app.inject({ method: 'POST', url: '/admin/login', headers: { origin: 'https://evil.example' }, payload: { username: 'admin', password: 'admin' } })
    t.equal(login403.statusCode, 403, 'login CSRF refused too')
    t.equal(login403.headers['set-cookie'], undefined)
    t.equal((await pool.query('select count(*)::int as n from do_not_contact')).rows[0].n, 0)
    const viaReferer = await app.inject({ method: 'POST', url: '/admin/do-not-contact', headers: { cookie, referer: 'http://localhost/admin/do-not-contact' }, payload: { phone_number: '+14155550123', _csrf } })
    t.equal(viaReferer.statusCode, 303, 'a same-site Referer is enough when Origin is missing')
    const viaPublicUrl = await app.inject({ method: 'POST', url: '/admin/do-not-contact', headers: { cookie, origin: deps.config.publicUrl }, payload: { phone_number: '+14155550124', _csrf } })
    t.equal(viaPublicUrl.statusCode, 303, 'PUBLIC_URL is this site too')
  })

  t.test('a signed-in POST must carry this session\'s form token (CSRF)', async (t) => {
    const cookie = await login(app, 'admin')
    const other = await login(app, 'manager')
    const before = (await pool.query('select count(*)::int as n from do_not_contact')).rows[0].n
    const cases: Record<string, Record<string, string>> = {
      'no token': { phone_number: '+14155550125' },
      'an empty token': { phone_number: '+14155550125', _csrf: '' },
      'a made-up token': { phone_number: '+14155550125', _csrf: 'x'.repeat(43) },
      "another session's token": { phone_number: '+14155550125', _csrf: csrfOf(app, other) },
    }
    for (const [what, payload] of Object.entries(cases)) {
      const res = await app.inject({ method: 'POST', url: '/admin/do-not-contact', headers: { cookie, origin: SAME_ORIGIN }, payload })
      t.equal(res.statusCode, 403, what)
      t.match(res.body, /This form has expired or did not come from this site/, what)
    }
    const logout = await app.inject({ method: 'POST', url: '/admin/logout', headers: { cookie, origin: SAME_ORIGIN }, payload: {} })
    t.equal(logout.statusCode, 403, 'logout needs the token too')
    t.equal((await pool.query('select count(*)::int as n from do_not_contact')).rows[0].n, before, 'nothing written')
    t.equal((await pool.query('select count(*)::int as n from admin_audit')).rows[0].n, 2, 'nor audited (the two writes above are)')
    const page = await get(app, cookie, '/admin/do-not-contact')
    t.match(page.body, new RegExp(`<input type="hidden" name="_csrf" value="${csrfOf(app, cookie)}">`), 'the forms carry the token')
  })

  t.test('failed logins are rate-limited by the shared authenticator', async (t) => {
    let last = 0
    for (let i = 0; i < 30 && last !== 429; i++) {
      const res = await app.inject({ method: 'POST', url: '/admin/login', headers: { origin: SAME_ORIGIN }, payload: { username: 'limited', password: 'x' } })
      last = res.statusCode
      if (last === 429) {
        t.match(res.body, /Too many failed attempts/)
        t.ok(res.headers['retry-after'])
        t.equal(res.headers['set-cookie'], undefined)
      }
    }
    t.equal(last, 429)
  })
})
