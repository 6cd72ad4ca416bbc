import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { twoApiProcesses } from '../helpers/api-processes.js'

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

function as(app: FastifyInstance, user: string, password: string, method: 'GET' | 'PATCH' = 'GET', url = '/rest-api/user/', payload?: object) {
  return app.inject({ method, url, headers: { authorization: basic(user, password) }, ...(payload && { payload }) })
}

t.test('deactivation and a new password take effect at once in every process', async (t) => {
  const { a, b } = await twoApiProcesses(t)
  t.equal((await as(b, 'manager', 'manager')).statusCode, 200, 'process B has checked (and remembers) the password')
  const token = (await b.inject({ method: 'POST', url: '/rest-api/token/', headers: { authorization: basic('manager', 'manager') } })).json().token as string
  const byToken = () => b.inject({ method: 'GET', url: '/rest-api/user/', headers: { authorization: `Token ${token}` } })
  t.equal((await byToken()).statusCode, 200)
  t.equal((await as(a, 'admin', 'admin', 'PATCH', '/rest-api/user/2/', { is_active: false })).statusCode, 200)
  t.equal((await as(b, 'manager', 'manager')).statusCode, 401, 'process B refuses the deactivated user at once')
  t.equal((await byToken()).statusCode, 401, "and the deactivated user's token")
  t.equal((await as(a, 'admin', 'admin', 'PATCH', '/rest-api/user/2/', { is_active: true })).statusCode, 200)
  t.equal((await as(b, 'manager', 'manager')).statusCode, 200, 'reactivated')

  t.equal((await as(a, 'admin', 'admin', 'PATCH', '/rest-api/user/2/', { password: 'fresh-password' })).statusCode, 200)
  t.equal((await as(b, 'manager', 'manager')).statusCode, 401, 'the old password stops working in process B at once')
  t.equal((await as(b, 'manager', 'fresh-password')).statusCode, 200)
  t.equal((await as(a, 'admin', 'admin', 'PATCH', '/rest-api/user/2/', { role: 'calendar_user' })).statusCode, 200)
  const me = await as(b, 'manager', 'fresh-password', 'GET', '/rest-api/user/1/')
  t.equal(me.statusCode, 404, 'process B sees the changed role at once (no cached principal)')
})

t.test('API tokens do not survive a password change', async (t) => {
  const { a, b } = await twoApiProcesses(t)
  const issue = async (user: string, password: string) =>
    (await a.inject({ method: 'POST', url: '/rest-api/token/', headers: { authorization: basic(user, password) } })).json().token as string
  const byToken = (token: string) => b.inject({ method: 'GET', url: '/rest-api/user/', headers: { authorization: `Token ${token}` } })

  const managerToken = await issue('manager', 'manager')
  const adminToken = await issue('admin', 'admin')
  t.equal((await byToken(managerToken)).statusCode, 200)
  t.equal((await as(a, 'admin', 'admin', 'PATCH', '/rest-api/user/2/', { password: 'set-by-admin' })).statusCode, 200)
  t.equal((await byToken(managerToken)).statusCode, 401, 'a password set by an admin revokes the user\'s tokens')
  t.equal((await byToken(adminToken)).statusCode, 200, 'other users\' tokens stay')

  const second = await issue('manager', 'set-by-admin')
  const own = await as(a, 'manager', 'set-by-admin', 'PATCH', '/rest-api/user/2/', { password: 'chosen', current_password: 'set-by-admin' })
  t.equal(own.statusCode, 200)
  t.equal((await byToken(second)).statusCode, 401, 'changing one\'s own password revokes one\'s tokens')

  // A manager's calendar user: the manager sets a new password, the calendar user's tokens end.
  const created = await as(a, 'manager', 'chosen', 'PATCH', '/rest-api/user/2/', { first_name: 'M' })
  t.equal(created.statusCode, 200)
  const cu = await a.inject({
    method: 'POST', url: '/rest-api/calendar-user/', headers: { authorization: basic('manager', 'chosen') },
    payload: { username: 'carer', password: 'carer-1' },
  })
  t.equal(cu.statusCode, 201)
  const carerToken = await issue('carer', 'carer-1')
  t.equal((await byToken(carerToken)).statusCode, 200)
  const reset = await a.inject({
    method: 'PATCH', url: `/rest-api/calendar-user/${cu.json().id}/`, headers: { authorization: basic('manager', 'chosen') },
    payload: { password: 'carer-2' },
  })
  t.equal(reset.statusCode, 200)
  t.equal((await byToken(carerToken)).statusCode, 401, 'the calendar user\'s token is revoked')
})

t.test('changing one\'s own password needs the current one', async (t) => {
  const { a, database } = await twoApiProcesses(t)
  const patch = (payload: object, user = 'manager', password = 'manager') => as(a, user, password, 'PATCH', '/rest-api/user/2/', payload)
  const missing = await patch({ password: 'next' })
  t.equal(missing.statusCode, 400)
  t.equal(missing.json().error.fields.current_password, 'is required to change your own password')
  const wrong = await patch({ password: 'next', current_password: 'not-it' })
  t.equal(wrong.statusCode, 403)
  t.match(wrong.json().error, { code: 'forbidden', fields: { current_password: 'is not your current password' } })
  t.equal((await as(a, 'manager', 'manager')).statusCode, 200, 'the password is unchanged')
  const { rows } = await database.pool.query(`select count(*)::int as n from api_token where user_id = 2`)
  t.equal(rows[0].n, 0)

  t.equal((await patch({ password: 'next', current_password: 'manager' })).statusCode, 200)
  t.equal((await as(a, 'manager', 'next')).statusCode, 200)
  t.equal((await patch({ first_name: 'No password, no check' }, 'manager', 'next')).statusCode, 200, 'other fields need no current password')

  const adminOwn = await as(a, 'admin', 'admin', 'PATCH', '/rest-api/user/1/', { password: 'admin-2' })
  t.equal(adminOwn.statusCode, 400, 'an admin changing their own password needs it too')
  t.equal((await as(a, 'admin', 'admin', 'PATCH', '/rest-api/user/2/', { password: 'by-admin' })).statusCode, 200,
    'an admin setting another user\'s password does not need theirs')
})
