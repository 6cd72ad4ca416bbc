// Issue 12 finding 10: PATCH bodies that parse to `{}` were answered 500 (an UPDATE with nothing to SET). Each update
// operation in the OpenAPI document is aimed at an object that exists — aimed at a missing one, it answers 404 before
// the update is tried, which is how a first version of this test missed some.
import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { surveyBody } from '../surveys/fixtures.js'

/** Fields an update may touch although nothing changed: when, and the hyperlinks' host. */
const VOLATILE = /^(updated|updated_date|updated_on|updated_at|edit_date|last_modified)$/

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !VOLATILE.test(k)).map(([k, v]) => [k, stable(v)]))
  }
  return value
}

t.test('updates whose body is empty after parsing: 200 and nothing changed, on every update operation', async (t) => {
  const { app, call } = await buildTestApp(t)
  const created = async (url: string, payload: object, as = 'manager') => {
    const res = await call({ method: 'POST', url, as, payload })
    if (res.statusCode !== 201) throw new Error(`fixture ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const sid = `AC${'0123456789abcdef'.repeat(2)}`
  const gateway = await created('/rest-api/gateway/', { name: 'g', provider: 'twilio', account_sid: sid, auth_token: 't', caller_id: '+15550000001' })
  const smsGateway = await created('/rest-api/sms-gateway/', { name: 's', provider: 'twilio', account_sid: sid, auth_token: 't', from_number: '+15550000002' })
  const setting = await created('/rest-api/calendar-setting/', { label: 'l', survey: 1, aleg_gateway: 1 })
  const calendarUser = await created('/rest-api/calendar-user/', { username: 'empty-cu', password: 'p', calendar_setting: setting.id })
  const calendar = await created('/rest-api/calendar/', { name: 'c', user: calendarUser.id })
  const rule = await created('/rest-api/rule/', { name: 'r', frequency: 'DAILY' })
  const event = await created('/rest-api/event/', {
     title: 'e', calendar: calendar.id, start: '2030-01-10 09:00:00', end: '2030-01-10 10:00:00',
    data: { first_name: 'Ada', clinic: 'Mitte', doctor: 'Dr. Who', appointment_date: 'Thursday', appointment_time: '09:00' },
  })
  const alarm = await created('/rest-api/alarm/', { event: event.id, date_start_notice: '2030-01-10T08:00:00Z', alarm_phonenumber: '+15557990002' })
  const alarmRequest = await created('/rest-api/alarm-request/', { alarm: alarm.id, date: '2030-01-10 08:00:00' })
  const contact = await created('/contact/', { first_name: 'Empty', workflowlevel1_uuids: [] })
  const contactType = await created('/contacttype/', { name: 'Empty' })
  const appointment = await created('/appointment/', { type: ['visit'], start_date: '2030-06-01T10:00:00Z', end_date: '2030-06-01T11:00:00Z' })
  const drivingTime = await created('/appointmentdrivingtimes/', { appointment: String(appointment.id), distance: '2.50', time: 3 })
  const note = await created('/appointmentnotes/', { note: 'n' })
  const notification = await created('/appointmentnotifications/', { appointment: `http://localhost/appointment/${appointment.uuid}/`, recipient: 'a@example.org' })
  const plans = (await call({ method: 'GET', url: '/reminderplans/', as: 'manager' })).json()
  const survey = await created('/rest-api/survey/', surveyBody())

  // Who updates what: the admin the organization and users; the manager everything they made.
  const targets: Record<string, [string, string]> = {
    '/rest-api/organization/{id}/': ['/rest-api/organization/1/', 'admin'],
    '/rest-api/user/{id}/': ['/rest-api/user/2/', 'admin'],
    '/rest-api/survey/{id}/': [`/rest-api/survey/${survey.id}/`, 'manager'],
    '/rest-api/gateway/{id}/': [`/rest-api/gateway/${gateway.id}/`, 'manager'],
    '/rest-api/sms-gateway/{id}/': [`/rest-api/sms-gateway/${smsGateway.id}/`, 'manager'],
    '/rest-api/calendar-setting/{id}/': [`/rest-api/calendar-setting/${setting.id}/`, 'manager'],
    '/rest-api/calendar-user/{id}/': [`/rest-api/calendar-user/${calendarUser.id}/`, 'manager'],
    '/rest-api/calendar-user-profile/{user_id}/': [`/rest-api/calendar-user-profile/${calendarUser.id}/`, 'manager'],
    '/rest-api/calendar/{id}/': [`/rest-api/calendar/${calendar.id}/`, 'manager'],
    '/rest-api/rule/{id}/': [`/rest-api/rule/${rule.id}/`, 'manager'],
    '/rest-api/event/{id}/': [`/rest-api/event/${event.id}/`, 'manager'],
    '/rest-api/event/{id}/update_last_child_status/': [`/rest-api/event/${event.id}/update_last_child_status/`, 'manager'],
    '/rest-api/alarm/{id}/': [`/rest-api/alarm/${alarm.id}/`, 'manager'],
    '/rest-api/alarm-request/{id}/': [`/rest-api/alarm-request/${alarmRequest.id}/`, 'manager'],
    '/contact/{id}/': [`/contact/${contact.id}/`, 'manager'],
    '/contacttype/{uuid}/': [`/contacttype/${contactType.uuid}/`, 'manager'],
    '/appointment/{uuid}/': [`/appointment/${appointment.uuid}/`, 'manager'],
    '/appointmentdrivingtimes/{uuid}/': [`/appointmentdrivingtimes/${drivingTime.uuid}/`, 'manager'],
    '/appointmentnotes/{id}/': [`/appointmentnotes/${note.id}/`, 'manager'],
    '/appointmentnotifications/{id}/': [`/appointmentnotifications/${notification.id}/`, 'manager'],
    '/reminderplans/{uuid}/': [`/reminderplans/${(plans.results ?? plans)[0].uuid}/`, 'manager'],
  }
  // On the CRM, PUT is a partial update too (README, "Compatibility and error format"), except where the original's
  // full update required fields: then an empty PUT is a 400 naming one, never a 500.
  const crm = /^\/(contact|contacttype|appointment|appointmentdrivingtimes|appointmentnotes|appointmentnotifications|reminderplans)\//

  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  const patches = Object.entries<Record<string, unknown>>(doc.paths).filter(([, ops]) => ops.patch).map(([path]) => path)
  t.ok(patches.length >= 21, `${patches.length} PATCH operations`)
  for (const path of patches) {
    const target = targets[path]
    if (!target) {
      t.fail(`${path}: no object to aim at; add one to this test`)
      continue
    }
    const [url, as] = target
    // A detail route (update_last_child_status has none of its own) to read the object back.
    const detail = url.replace(/update_last_child_status\/$/, '')
    const before = await call({ method: 'GET', url: detail, as })
    t.equal(before.statusCode, 200, `GET ${detail}`)
    // A PATCH whose schema requires a field (update_last_child_status: `status`) answers 400 naming it.
    const required: string[] = doc.paths[path].patch.requestBody?.content?.['application/json']?.schema?.required ?? []
    const methods = crm.test(path) ? ['PATCH', 'PUT'] as const : ['PATCH'] as const
    for (const method of methods) {
      for (const payload of ['{}', '{"no_such_field": 1}']) {
        const res = await call({ method, url, as, headers: { 'content-type': 'application/json' }, payload })
        const label = `${method} ${path} ${payload} → ${res.statusCode} ${res.statusCode >= 300 ? res.body.slice(0, 200) : ''}`
        if (res.statusCode === 400 && (method === 'PUT' || required.length > 0)) {
          const named = Object.keys(res.json().error?.fields ?? res.json())
          t.ok(named.length > 0 && (method === 'PUT' || named.every((f) => required.includes(f))), `${label}: names the missing field`)
        } else {
          t.equal(res.statusCode, 200, label)
        }
      }
    }
    const after = await call({ method: 'GET', url: detail, as })
    t.same(stable(after.json()), stable(before.json()), `${path}: nothing changed`)
  }
})
