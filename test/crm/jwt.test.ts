import t from 'tap'
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { buildTestApp } from '../helpers/build.js'
import { createOrganization } from './helpers.js'

const CORE_USER = 'c0c0c0c0-0000-4000-8000-000000000001'

async function sign(key: CryptoKey, claims: Record<string, unknown>, options: { alg?: string; exp?: string | number } = {}) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'RS256' }).setIssuedAt().setIssuer('bifrost')
  if (options.exp !== undefined) jwt.setExpirationTime(options.exp)
  return jwt.sign(key)
}

t.test('JWT authentication (RS256, identity-service claims)', async (t) => {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true })
  const stranger = await generateKeyPair('RS256')
  const { call, deps } = await buildTestApp(t, { JWT_PUBLIC_KEY: await exportSPKI(publicKey) })
  const org1 = (await call({ method: 'GET', url: '/rest-api/organization/1/', as: 'admin' })).json()
  const jwtCall = (scheme: string, token: string, options: Record<string, unknown>) =>
    call({ ...options, headers: { authorization: `${scheme} ${token}` } } as Parameters<typeof call>[0])
  const good = await sign(privateKey, { organization_uuid: org1.uuid, core_user_uuid: CORE_USER, username: 'carla' }, { exp: '1h' })

  t.test('a valid token works with JWT and Bearer; the caller is its core user', async (t) => {
    const list = await jwtCall('JWT', good, { method: 'GET', url: '/contact/' })
    t.equal(list.statusCode, 200, list.body)
    const created = await jwtCall('Bearer', good, {
      method: 'POST', url: '/appointment/', payload: { start_date: '2030-01-01T10:00:00Z', end_date: '2030-01-01T11:00:00Z', type: ['x'] },
    })
    t.equal(created.statusCode, 201, created.body)
    const { rows: [appointment] } = await deps.database.pool.query('select owner from appointment where uuid = $1', [created.json().uuid])
    t.equal(appointment.owner, CORE_USER, 'owner = core_user_uuid')
    t.equal(created.json().organization_uuid, org1.uuid)
    const contact = await jwtCall('JWT', good, { method: 'POST', url: '/contact/', payload: { first_name: 'Carl', workflowlevel1_uuids: [] } })
    t.equal(contact.statusCode, 201, contact.body)
    const { rows: [core] } = await deps.database.pool.query('select core_user_uuid from contact where id = $1', [contact.json().id])
    t.equal(core.core_user_uuid, CORE_USER, 'a contact\'s core user is the caller, as in the original')
    const mine = await jwtCall('JWT', good, { method: 'GET', url: '/appointment/?owner=me' })
    t.same(mine.json().results.map((a: { uuid: string }) => a.uuid), [created.json().uuid])
    const { rows } = await deps.database.pool.query('select username, role, organization_id, password_hash from users where uuid = $1', [CORE_USER])
    t.same(rows, [{ username: `jwt:${CORE_USER}`, role: 'manager', organization_id: org1.id, password_hash: '!' }], 'mapped to one user row')
    t.equal((await jwtCall('JWT', good, { method: 'GET', url: '/contact/' })).statusCode, 200, 'found again, not duplicated')
    t.equal((await deps.database.pool.query('select count(*)::int as n from users where uuid = $1', [CORE_USER])).rows[0].n, 1)
  })

  t.test('refused tokens: 403, as DRF answers behind SessionAuthentication', async (t) => {
    const claims = { organization_uuid: org1.uuid, core_user_uuid: CORE_USER, username: 'carla' }
    const cases: [string, string, RegExp][] = [
      ['no organization claim', await sign(privateKey, { core_user_uuid: CORE_USER, username: 'carla' }), /organization_uuid/],
      ['null organization claim', await sign(privateKey, { organization_uuid: null, core_user_uuid: CORE_USER, username: 'carla' }), /organization_uuid/],
      ['no core user claim', await sign(privateKey, { organization_uuid: org1.uuid, username: 'carla' }), /permission/],
      ['no username claim', await sign(privateKey, { organization_uuid: org1.uuid, core_user_uuid: CORE_USER }), /permission/],
      ['expired', await sign(privateKey, claims, { exp: Math.floor(Date.now() / 1000) - 60 }), /expired/],
      ['another key', await sign(stranger.privateKey, claims), /signature/],
      ['not a JWT', 'garbage', /signature/],
      ['HS256', await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32))), /signature/],
    ]
    for (const [what, token, message] of cases) {
      const res = await jwtCall('JWT', token, { method: 'GET', url: '/contact/' })
      t.equal(res.statusCode, 403, what)
      t.match(res.json().detail, message, `${what}: ${res.body}`)
    }
  })

  t.test('the token\'s organization is trusted: one first seen is created, with the original\'s settings', async (t) => {
    const fresh = '99999999-9999-4999-8999-999999999999'
    const token = await sign(privateKey, { organization_uuid: fresh, core_user_uuid: CORE_USER, username: 'carla' })
    const list = await jwtCall('JWT', token, { method: 'GET', url: '/contact/' })
    t.equal(list.statusCode, 200, list.body)
    t.equal(list.json().count, 0, 'a new organization, empty')
    const { rows } = await deps.database.pool.query('select timezone, language, reminders_by_default from organization where uuid = $1', [fresh])
    t.same(rows, [{ timezone: 'Europe/Berlin', language: 'de', reminders_by_default: false }])
  })

  t.test('a client of the original saves a future appointment unchanged: reminders wait until the clinic turns them on', async (t) => {
    const clinic = '88888888-8888-4888-8888-888888888888'
    const token = await sign(privateKey, { organization_uuid: clinic, core_user_uuid: CORE_USER, username: 'carla' })
    const contact = await jwtCall('JWT', token, {
      method: 'POST', url: '/contact/', payload: { first_name: 'Paula', workflowlevel1_uuids: [], phones: [{ type: 'mobile', number: '+4915120000007' }] },
    })
    t.equal(contact.statusCode, 201, contact.body)
    const future = new Date(Date.now() + 5 * 86_400_000).toISOString()
    const appointment = (extra: Record<string, unknown> = {}) => jwtCall('JWT', token, {
      method: 'POST', url: '/appointment/', payload: { start_date: future, end_date: future, type: ['x'], contact_uuid: contact.json().uuid, ...extra },
    })
    // The core user has no name for {doctor}; with reminders on by default this would be a 400.
    const saved = await appointment()
    t.equal(saved.statusCode, 201, saved.body)
    t.equal(saved.json().reminders_enabled, false, 'no reminders: the organization has not asked for them')
    const { rows: steps } = await deps.database.pool.query('select count(*)::int as n from reminder r join appointment a on a.id = r.appointment_id where a.uuid = $1', [saved.json().uuid])
    t.same(steps, [{ n: 0 }], 'no step planned')

    const { rows: [org] } = await deps.database.pool.query('select id from organization where uuid = $1', [clinic])
    const on = await call({ method: 'PATCH', url: `/rest-api/organization/${org.id}/`, as: 'admin', payload: { reminders_by_default: true } })
    t.equal(on.statusCode, 200, on.body)
    t.equal(on.json().reminders_by_default, true)
    const refused = await appointment()
    t.equal(refused.statusCode, 400, 'turned on, a reminder that would speak a blank is refused, as for any organization')
    t.match(refused.json().reminders, [/\{doctor\}/])
    const asked = await appointment({ reminders_enabled: false })
    t.equal(asked.statusCode, 201, 'a client may still save one without reminders')
  })

  t.test('a token cannot become a local account; its core user acts in whatever organization the token names', async (t) => {
    const admin = (await call({ method: 'GET', url: '/rest-api/user/1/', as: 'admin' })).json()
    const impersonation = await sign(privateKey, { organization_uuid: org1.uuid, core_user_uuid: admin.uuid, username: 'admin' })
    const res = await jwtCall('JWT', impersonation, { method: 'GET', url: '/contact/' })
    t.equal(res.statusCode, 403)
    t.match(res.json().detail, /local account/)

    const other = await createOrganization(call, { name: 'Other' })
    const moved = await sign(privateKey, { organization_uuid: other.uuid, core_user_uuid: CORE_USER, username: 'carla' })
    const elsewhere = await jwtCall('JWT', moved, { method: 'POST', url: '/contact/', payload: { first_name: 'In other', workflowlevel1_uuids: [] } })
    t.equal(elsewhere.statusCode, 201, elsewhere.body)
    t.equal(elsewhere.json().organization_uuid, other.uuid)
    const first = (await jwtCall('JWT', good, { method: 'GET', url: '/contact/' })).json()
    t.notOk(first.results.some((c: { first_name: string }) => c.first_name === 'In other'), 'the first organization does not see it')
  })

  t.test('JWT is for the CRM API only', async (t) => {
    const res = await jwtCall('JWT', good, { method: 'GET', url: '/rest-api/calendar/' })
    t.equal(res.statusCode, 403)
    t.match(res.json().detail, /Unsupported authorization scheme "JWT"/)
  })
})

t.test('without JWT_PUBLIC_KEY the JWT scheme is not accepted', async (t) => {
  const { call } = await buildTestApp(t)
  const res = await call({ method: 'GET', url: '/contact/', headers: { authorization: 'JWT abc.def.ghi' } })
  t.equal(res.statusCode, 403)
  t.match(res.json().detail, /Unsupported authorization scheme "JWT"/)
})

t.test('an unreadable JWT_PUBLIC_KEY stops start-up naming the variable', async (t) => {
  await t.rejects(
    buildTestApp(t, { JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----' }),
    /JWT_PUBLIC_KEY/,
  )
})
