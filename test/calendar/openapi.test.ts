import t from 'tap'
import { buildTestApp } from '../helpers/build.js'

t.test('the OpenAPI document describes the calendar API, without write-only secrets in responses', async (t) => {
  const { app } = await buildTestApp(t)
  const res = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  for (const path of [
    '/rest-api/calendar-setting/', '/rest-api/calendar-user/', '/rest-api/calendar-user-profile/{user_id}/', '/rest-api/calendar/',
    '/rest-api/rule/', '/rest-api/event/{id}/get_list_child/', '/rest-api/event/{id}/update_last_child_status/',
    '/rest-api/event/{id}/get_list_alarm/', '/rest-api/event/{id}/occurrences/', '/rest-api/alarm/',
    '/rest-api/alarm-request/{id}/get_nested_alarm_request/', '/rest-api/gateway/', '/rest-api/sms-gateway/{id}/',
  ]) t.ok(doc.paths[path], path)
  const gateway = doc.paths['/rest-api/gateway/{id}/'].get.responses['200'].content['application/json'].schema
  t.notOk(gateway.properties.auth_token, 'the auth token is never in a response')
  const user = doc.paths['/rest-api/calendar-user/{id}/'].get.responses['200'].content['application/json'].schema
  t.notOk(user.properties.password)
})
