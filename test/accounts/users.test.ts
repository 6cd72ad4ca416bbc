import t from 'tap'
import { buildTestApp } from '../helpers/build.js'

t.test('users: admins manage all, managers see themselves', async (t) => {
  const { call } = await buildTestApp(t)

  const created = await call({
    method: 'POST', url: '/rest-api/user/', as: 'admin',
    payload: { username: 'doctor', password: 'doctor-pass', email: 'doc@example.org', first_name: 'Ada', role: 'manager' },
  })
  t.equal(created.statusCode, 201)
  const doctor = created.json()
  t.match(doctor, { username: 'doctor', email: 'doc@example.org', first_name: 'Ada', role: 'manager', organization: /\/rest-api\/organization\/1\/$/ })
  t.equal(created.headers.location, doctor.url)
  t.notOk('password' in doctor)
  t.notMatch(created.body, /doctor-pass|scrypt/)

  t.equal((await call({ method: 'GET', url: '/rest-api/user/', as: ['doctor', 'doctor-pass'] })).statusCode, 200, 'new password works')

  const mine = (await call({ method: 'GET', url: '/rest-api/user/', as: ['doctor', 'doctor-pass'] })).json()
  t.equal(mine.count, 1)
  t.equal(mine.results[0].username, 'doctor')
  t.equal((await call({ method: 'GET', url: '/rest-api/user/1/', as: ['doctor', 'doctor-pass'] })).statusCode, 404, 'others are invisible')
  t.equal((await call({ method: 'POST', url: '/rest-api/user/', as: ['doctor', 'doctor-pass'], payload: { username: 'x', password: 'y' } })).statusCode, 403)
  t.equal((await call({ method: 'PATCH', url: `/rest-api/user/${doctor.id}/`, as: ['doctor', 'doctor-pass'], payload: { role: 'admin' } })).statusCode, 403, 'no self-promotion')

  const renamed = await call({ method: 'PATCH', url: `/rest-api/user/${doctor.id}/`, as: ['doctor', 'doctor-pass'], payload: { last_name: 'Lovelace', password: 'new-pass', current_password: 'doctor-pass' } })
  t.equal(renamed.statusCode, 200)
  t.equal(renamed.json().last_name, 'Lovelace')
  t.equal((await call({ method: 'GET', url: '/rest-api/user/', as: ['doctor', 'new-pass'] })).statusCode, 200)
  t.equal((await call({ method: 'GET', url: '/rest-api/user/', as: ['doctor', 'doctor-pass'] })).statusCode, 401, 'old password is gone')

  const all = (await call({ method: 'GET', url: '/rest-api/user/?page_size=2', as: 'admin' })).json()
  t.equal(all.count, 3)
  t.equal(all.results.length, 2)
  t.match(all.next, /page=2/)
  t.equal(all.previous, null)

  t.equal((await call({ method: 'DELETE', url: `/rest-api/user/${doctor.id}/`, as: ['doctor', 'new-pass'] })).statusCode, 403)
  t.equal((await call({ method: 'DELETE', url: `/rest-api/user/${doctor.id}/`, as: 'admin' })).statusCode, 204)
  t.equal((await call({ method: 'GET', url: `/rest-api/user/${doctor.id}/`, as: 'admin' })).statusCode, 404)
})

t.test('user validation', async (t) => {
  const { call } = await buildTestApp(t)
  const post = (payload: object) => call({ method: 'POST', url: '/rest-api/user/', as: 'admin', payload })
  const dup = await post({ username: 'MANAGER', password: 'x' })
  t.equal(dup.statusCode, 409, 'usernames are unique regardless of case')
  t.ok(dup.json().error.fields.username)
  const noPassword = await post({ username: 'nopass' })
  t.equal(noPassword.statusCode, 400)
  t.equal(noPassword.json().error.fields.password, 'This field is required.')
  const badEmail = await post({ username: 'bademail', password: 'x', email: 'not-an-email' })
  t.equal(badEmail.statusCode, 400)
  t.ok(badEmail.json().error.fields.email)
  const badRole = await post({ username: 'badrole', password: 'x', role: 'emperor' })
  t.equal(badRole.statusCode, 400)
  t.ok(badRole.json().error.fields.role)
  const badOrg = await post({ username: 'badorg', password: 'x', organization: 'http://h/rest-api/organization/999/' })
  t.equal(badOrg.statusCode, 400)
  t.ok(badOrg.json().error.fields.organization)
})

t.test('organizations: admin-only CRUD', async (t) => {
  const { call } = await buildTestApp(t)
  t.equal((await call({ method: 'GET', url: '/rest-api/organization/', as: 'manager' })).statusCode, 403)
  const created = await call({ method: 'POST', url: '/rest-api/organization/', as: 'admin', payload: { name: 'Clinic', phone: '+49 30 1234567', timezone: 'Europe/Berlin', default_region: 'de' } })
  t.equal(created.statusCode, 201)
  const org = created.json()
  t.match(org, { name: 'Clinic', timezone: 'Europe/Berlin', default_region: 'DE', uuid: /^[0-9a-f-]{36}$/ })
  const badZone = await call({ method: 'PATCH', url: `/rest-api/organization/${org.id}/`, as: 'admin', payload: { timezone: 'Mars/Olympus' } })
  t.equal(badZone.statusCode, 400)
  t.ok(badZone.json().error.fields.timezone)
  const put = await call({ method: 'PUT', url: `/rest-api/organization/${org.id}/`, as: 'admin', payload: { phone: '1' } })
  t.equal(put.statusCode, 400, 'PUT needs every required field')
  const patched = await call({ method: 'PATCH', url: `/rest-api/organization/${org.id}/`, as: 'admin', payload: { name: 'Clinic Mitte' } })
  t.equal(patched.json().name, 'Clinic Mitte')
  t.equal(patched.json().timezone, 'Europe/Berlin')
  const member = await call({ method: 'POST', url: '/rest-api/user/', as: 'admin', payload: { username: 'nurse', password: 'n', organization: org.url } })
  t.equal(member.json().organization, org.url)
  t.equal((await call({ method: 'DELETE', url: `/rest-api/organization/${org.id}/`, as: 'admin' })).statusCode, 409, 'has users')
  await call({ method: 'DELETE', url: `/rest-api/user/${member.json().id}/`, as: 'admin' })
  t.equal((await call({ method: 'DELETE', url: `/rest-api/organization/${org.id}/`, as: 'admin' })).statusCode, 204)
  t.equal((await call({ method: 'GET', url: `/rest-api/organization/${org.id}/`, as: 'admin' })).statusCode, 404)
})
