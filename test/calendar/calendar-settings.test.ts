import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { ensureSealedSurvey, expectStatus, makeTenant } from './helpers.js'

t.test('calendar settings', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const shared = await ensureSealedSurvey(deps, { id: 1 })
  const other = await makeTenant(call, deps)
  const mine = await makeTenant(call, deps, 'manager')
  const valid = { label: 'reminders', survey: `http://x/rest-api/sealed-survey/${shared}/`, aleg_gateway: '1' }

  t.test('create, read, update, list', async (t) => {
    const res = await call({ method: 'POST', url: '/rest-api/calendar-setting/', as: 'manager', payload: { ...valid, call_timeout: '45', amd_behavior: 2, voicemail: true, voicemail_audiofile: 'https://cdn.example.com/vm.mp3' } })
    const s = expectStatus(res, 201)
    t.equal(res.headers.location, s.url)
    t.match(s, { user: 'manager', label: 'reminders', callerid: null, caller_name: '', call_timeout: 45, amd_behavior: 2, voicemail: true, sms_gateway: null, voicemail_audiofile: 'https://cdn.example.com/vm.mp3' })
    t.match(s.survey, new RegExp(`/rest-api/sealed-survey/${shared}/$`))
    const patched = expectStatus(await call({ method: 'PATCH', url: `/rest-api/calendar-setting/${s.id}/`, as: 'manager', payload: { sms_gateway: 1, callerid: '555', label: 'renamed' } }), 200)
    t.match(patched, { label: 'renamed', callerid: '555', call_timeout: 45 })
    t.match(patched.sms_gateway, /\/rest-api\/sms-gateway\/1\/$/)
    t.ok(Date.parse(patched.updated_date) >= Date.parse(s.updated_date))
    const put = expectStatus(await call({ method: 'PUT', url: `/rest-api/calendar-setting/${s.id}/`, as: 'manager', payload: { ...valid, label: 'put', sms_gateway: null } }), 200)
    t.match(put, { label: 'put', sms_gateway: null })
    const list = expectStatus(await call({ method: 'GET', url: '/rest-api/calendar-setting/', as: 'manager' }), 200)
    t.same(Object.keys(list), ['count', 'next', 'previous', 'results'])
    t.same(list.results.map((r: { id: number }) => r.id).sort(), [mine.settingId, s.id].sort())
    const all = expectStatus(await call({ method: 'GET', url: '/rest-api/calendar-setting/?page_size=1', as: 'admin' }), 200)
    t.ok(all.count >= 3)
    t.match(all.next, /page=2/)
  })

  t.test('validation errors name the field', async (t) => {
    const { surveyId: theirSurvey } = other
    const cases: [Record<string, unknown>, string][] = [
      [{ survey: valid.survey, aleg_gateway: 1 }, 'label'],
      [{ label: 'x', aleg_gateway: 1 }, 'survey'],
      [{ label: 'x', survey: shared }, 'aleg_gateway'],
      [{ ...valid, survey: theirSurvey }, 'survey'],
      [{ ...valid, survey: 'http://x/rest-api/gateway/1/' }, 'survey'],
      [{ ...valid, aleg_gateway: 999 }, 'aleg_gateway'],
      [{ ...valid, sms_gateway: 999 }, 'sms_gateway'],
      [{ ...valid, call_timeout: 'abc' }, 'call_timeout'],
      [{ ...valid, amd_behavior: 4 }, 'amd_behavior'],
      [{ ...valid, voicemail_audiofile: 'file:///etc/passwd' }, 'voicemail_audiofile'],
      [{ ...valid, user: `/rest-api/user/${other.managerId}/` }, 'user'],
    ]
    for (const [payload, field] of cases) {
      const res = await call({ method: 'POST', url: '/rest-api/calendar-setting/', as: 'manager', payload })
      t.equal(res.statusCode, 400, `${field}: ${res.body}`)
      t.ok(res.json()[field.split('.')[0]!], `${field} named: ${res.body}`)
    }
    const res = await call({ method: 'PATCH', url: `/rest-api/calendar-setting/${mine.settingId}/`, as: 'manager', payload: { survey: null } })
    t.equal(res.statusCode, 400)
    t.ok(res.json().survey)
  })

  t.test('an admin may create one for a manager', async (t) => {
    const s = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar-setting/', as: 'admin', payload: { ...valid, user: 'http://127.0.0.1:8000/rest-api/user/2/' } }), 201)
    t.equal(s.user, 'manager')
    expectStatus(await call({ method: 'GET', url: `/rest-api/calendar-setting/${s.id}/`, as: 'manager' }), 200)
  })

  t.test("another manager's setting is a 404; calendar users see none", async (t) => {
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
      const res = await call({ method, url: `/rest-api/calendar-setting/${other.settingId}/`, as: 'manager', payload: method === 'PATCH' || method === 'PUT' ? valid : undefined })
      t.equal(res.statusCode, 404, method)
    }
    const list = expectStatus(await call({ method: 'GET', url: '/rest-api/calendar-setting/?page_size=100', as: 'manager' }), 200)
    t.notOk(list.results.some((r: { id: number }) => r.id === other.settingId))
    t.equal(expectStatus(await call({ method: 'GET', url: '/rest-api/calendar-setting/', as: mine.calendarUser }), 200).count, 0)
    t.equal((await call({ method: 'GET', url: `/rest-api/calendar-setting/${mine.settingId}/`, as: mine.calendarUser })).statusCode, 404)
    t.equal((await call({ method: 'POST', url: '/rest-api/calendar-setting/', as: mine.calendarUser, payload: valid })).statusCode, 403)
  })

  t.test('a setting used by profiles cannot be deleted (409); an unused one can', async (t) => {
    const res = await call({ method: 'DELETE', url: `/rest-api/calendar-setting/${mine.settingId}/`, as: 'manager' })
    t.equal(res.statusCode, 409)
    t.match(res.json().detail, /profile/)
    const unused = expectStatus(await call({ method: 'POST', url: '/rest-api/calendar-setting/', as: 'manager', payload: valid }), 201)
    expectStatus(await call({ method: 'DELETE', url: `/rest-api/calendar-setting/${unused.id}/`, as: 'manager' }), 204)
    t.equal((await call({ method: 'GET', url: `/rest-api/calendar-setting/${unused.id}/`, as: 'manager' })).statusCode, 404)
  })
})
