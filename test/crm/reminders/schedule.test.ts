// How an appointment's steps follow it: planned at their due times (across a daylight-saving change too), moved with
// it, cancelled with it, replanned when its contact changes, and refused with a 400 naming the missing piece (a tag
// without a value, a gateway) — for the calendar API's own alarms too — while what still fails when due says why.
import t from 'tap'
import { startTestServer } from '../../helpers/build.js'
import { eventually } from '../../helpers/worker.js'
import { DATA, makeAlarm, makeCalendar, makeEvent, plannedAt, runAlarmJobAt } from '../../alarms/helpers.js'
import { createManager, createOrganization } from '../helpers.js'
import { sayDate, sayTime } from '../../../src/crm/reminders/wording.js'
import { markOptedIn, markOptedOut } from '../../../src/crm/reminders/opt-out.js'
import { ALARM_STATUS } from '../../../src/codes/alarm-status.js'
import {
  alarmOf, confirmation, DAY, getAppointment, HOUR, makeAppointment, makeContact, query, setUpClinic, timeline, wholeSecondIn,
} from './helpers.js'

t.test('reminder steps follow their appointment', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const { state } = server.simulator
  await setUpClinic(server)
  const contact = await makeContact(server, { first_name: 'Ada', last_name: 'Lovelace', phones: [{ type: 'mobile', number: '+4915120000001' }] })
  state.setNumber('+4915120000001', { behavior: 'answer', presses: ['1'] })
  const dues = async (uuid: string) => (await timeline(server, uuid)).steps.map((s: any) => [s.channel, s.state, s.due])

  t.test('across a daylight-saving change: due on the wall clock, spoken in the appointment\'s zone', async (t) => {
    // Berlin springs forward on Sunday 28 March 2027.
    const spring = await makeAppointment(server, contact, new Date('2027-03-29T07:00:00Z'))
    t.equal(spring.start_date, '2027-03-29T09:00:00+02:00')
    t.same(await dues(spring.uuid), [['call', 'scheduled', '2027-03-27T09:00:00+01:00'], ['sms', 'scheduled', '2027-03-28T09:00:00+02:00']])
    t.equal((await plannedAt(server, await alarmOf(server, spring.uuid, 'call')))?.toISOString(), '2027-03-27T08:00:00.000Z')
    const [ev] = await query(server, 'select e.data from event e join appointment a on a.reminder_event_id = e.id where a.uuid = $1', [spring.uuid])
    t.match(ev.data, { appointment_date: 'Monday 29 March', appointment_time: '09:00', clinic: 'Mitte Clinic', doctor: 'Grace Hopper', first_name: 'Ada' })
    await runAlarmJobAt(server, await alarmOf(server, spring.uuid, 'call'), new Date('2027-03-27T08:00:00Z'))
    await confirmation(server, spring.uuid, 'confirmed')
    const said = state.calls({ to: '+4915120000001' })[0]!.transcript.map((e) => e.text).join(' ')
    t.match(said, /is on Monday 29 March at 09:00\./, 'the time of the appointment, not of the day the call is made')
    // …and falls back on Sunday 31 October 2027.
    const autumn = await makeAppointment(server, contact, new Date('2027-11-01T09:00:00Z'))
    t.same(await dues(autumn.uuid), [['call', 'scheduled', '2027-10-30T10:00:00+02:00'], ['sms', 'scheduled', '2027-10-31T10:00:00+01:00']])
  })

  t.test('moving the appointment moves its steps; moving it after an answer asks again', async (t) => {
    const start = wholeSecondIn(3 * DAY)
    const appt = await makeAppointment(server, contact, start)
    const callAlarm = await alarmOf(server, appt.uuid, 'call')
    const later = new Date(start.getTime() + DAY + HOUR)
    const res = await server.call({ method: 'PATCH', url: `/appointment/${appt.uuid}/`, as: 'manager', payload: { start_date: later.toISOString(), end_date: new Date(later.getTime() + HOUR).toISOString() } })
    t.equal(res.statusCode, 200)
    const steps = (await timeline(server, appt.uuid)).steps
    t.equal(steps.length, 2, 'the same two steps, moved (not new ones)')
    t.equal(await alarmOf(server, appt.uuid, 'call'), callAlarm, 'the same alarm')
    t.equal(Date.parse(steps[0].due), later.getTime() - 2 * DAY, 'due 2 days before the new start')
    t.equal((await plannedAt(server, callAlarm))?.getTime(), later.getTime() - 2 * DAY, 'and planned then')
    t.match((await query(server, 'select date_start_notice from alarm where id = $1', [callAlarm]))[0].date_start_notice, later)

    await runAlarmJobAt(server, callAlarm, new Date(later.getTime() - 2 * DAY))
    await confirmation(server, appt.uuid, 'confirmed')
    const again = new Date(later.getTime() + DAY)
    await server.call({ method: 'PATCH', url: `/appointment/${appt.uuid}/`, as: 'manager', payload: { start_date: again.toISOString(), end_date: new Date(again.getTime() + HOUR).toISOString() } })
    const moved = await getAppointment(server, appt.uuid)
    t.equal(moved.confirmation_status, 'unconfirmed', 'a confirmation of the old time says nothing about the new one')
    t.match(moved.notes.find((x: any) => x.type === 2).note, /Confirmed by phone call at .*\nMoved to .* at \d\d:\d\d: was confirmed, to be confirmed again$/)
    t.match((await timeline(server, appt.uuid)).steps.map((s: any) => [s.channel, s.state]),
      [['call', 'answered'], ['sms', 'cancelled'], ['call', 'scheduled'], ['sms', 'scheduled']], 'the new time is reminded again; the history stays')
  })

  t.test('deleting the appointment cancels its steps; turning reminders off stops them', async (t) => {
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    const ids = [await alarmOf(server, appt.uuid, 'call'), await alarmOf(server, appt.uuid, 'sms')]
    const off = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    const offIds = [await alarmOf(server, off.uuid, 'call'), await alarmOf(server, off.uuid, 'sms')]
    t.equal((await server.call({ method: 'DELETE', url: `/appointment/${appt.uuid}/`, as: 'manager' })).statusCode, 204)
    const rows = await query(server, 'select a.status, e.deleted_at from alarm a join event e on e.id = a.event_id where a.id = any($1)', [ids])
    t.same(rows.map((r) => r.status), [7, 7], 'both alarms cancelled')
    t.ok(rows.every((r) => r.deleted_at !== null), 'their event gone with the appointment')
    for (const id of ids) t.equal(await plannedAt(server, id), undefined, 'nothing planned any more')
    t.equal((await server.call({ method: 'GET', url: `/rest-api/alarm/${ids[0]}/`, as: 'admin' })).statusCode, 404)
    t.equal((await query(server, 'select count(*)::int as n from alarm_request where alarm_id = any($1)', [ids]))[0].n, 0)

    const patched = await server.call({ method: 'PATCH', url: `/appointment/${off.uuid}/`, as: 'manager', payload: { reminders_enabled: false } })
    t.match(patched.json(), { reminders_enabled: false })
    t.match((await timeline(server, off.uuid)).steps, [{ state: 'cancelled', reason: /turned off/ }, { state: 'cancelled' }])
    for (const id of offIds) t.equal(await plannedAt(server, id), undefined)
  })

  t.test('a contact\'s changes reach the steps still to come', async (t) => {
    const other = await makeContact(server, { first_name: 'Bo', phones: [{ number: '+4915120000002' }] })
    const appt = await makeAppointment(server, other, wholeSecondIn(3 * DAY))
    const sms = await alarmOf(server, appt.uuid, 'sms')
    await server.call({ method: 'PATCH', url: `/contact/${other.id}/`, as: 'manager', payload: { phones: [{ type: 'mobile', number: '+4915120000003' }], language: 'de', timezone: 'America/New_York' } })
    const [row] = await query(server, 'select alarm_phonenumber, sms_template, timezone from alarm where id = $1', [sms])
    t.match(row, { alarm_phonenumber: '+4915120000003', sms_template: /^Hallo \{first_name\}/, timezone: 'America/New_York' })
    const [ev] = await query(server, 'select e.data from event e join appointment a on a.reminder_event_id = e.id where a.uuid = $1', [appt.uuid])
    t.equal(ev.data.appointment_date, sayDate(new Date(appt.start_date), 'Europe/Berlin', 'de'), 'the date now in German')
    t.match(ev.data.appointment_date, /^\S+, \d{1,2}\. \S+$/)
    await server.call({ method: 'DELETE', url: `/contact/${other.id}/`, as: 'manager' })
    t.match((await timeline(server, appt.uuid)).steps, [{ state: 'cancelled' }, { state: 'cancelled' }], 'no contact, no reminders')
  })

  t.test('an e-mail step: refused without an address, sent in the contact\'s words with one', async (t) => {
    const plan = (await server.call({ method: 'POST', url: '/reminderplans/', as: 'manager', payload: { name: 'mail', steps: [{ channel: 'email', offset_minutes: 2880 }] } })).json()
    const start = wholeSecondIn(3 * DAY)
    const none = await server.call({
      method: 'POST', url: '/appointment/', as: 'manager',
      payload: { start_date: start.toISOString(), end_date: start.toISOString(), type: ['x'], contact_uuid: contact.uuid, reminder_plan: plan.uuid },
    })
    t.equal(none.statusCode, 400)
    t.same(none.json().reminders, ['the contact has no e-mail address (step 1)'], 'DRF: the problems under reminders')
    const writer = await makeContact(server, { first_name: 'Eva', emails: [{ email: 'eva@example.org' }], language: 'de' })
    const appt = await makeAppointment(server, writer, start, { reminder_plan: plan.uuid })
    await runAlarmJobAt(server, await alarmOf(server, appt.uuid, 'email'), new Date(start.getTime() - 2 * DAY))
    const mail = await eventually(async () => (await query(server, "select * from email_message where \"to\" = 'eva@example.org'"))[0])
    t.equal(mail.subject, `Erinnerung: Ihr Termin am ${sayDate(start, 'Europe/Berlin', 'de')} um ${sayTime(start, 'Europe/Berlin', 'de')}`)
    t.match(mail.text, /^Hallo Eva,\n\nwir erinnern Sie an Ihren Termin bei Grace Hopper in Mitte Clinic am /)
    await eventually(async () => (await timeline(server, appt.uuid)).steps[0].state === 'delivered')
  })

  t.test('opting out: the appointments still to come of that number stop', async (t) => {
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    const changed = await server.deps.db.transaction((tx) => markOptedOut(tx, { organizationId: 1, phoneNumber: '+4915120000001' }))
    t.ok(changed >= 1)
    const after = await getAppointment(server, appt.uuid)
    t.equal(after.confirmation_status, 'opted_out')
    t.match(after.notes.find((x: any) => x.type === 2).note, /Opted out of reminders \(\+4915120000001\) at \d\d:\d\d/)
    t.match((await timeline(server, appt.uuid)).steps, [{ state: 'cancelled' }, { state: 'cancelled' }])
  })

  t.test('opting out after an answer keeps the answer: only the steps still to come stop', async (t) => {
    const answered = { confirmed: await makeAppointment(server, contact, wholeSecondIn(4 * DAY)), cancelled: await makeAppointment(server, contact, wholeSecondIn(5 * DAY)), reschedule_requested: await makeAppointment(server, contact, wholeSecondIn(6 * DAY)) }
    const unreachable = await makeAppointment(server, contact, wholeSecondIn(7 * DAY))
    // As the answer path leaves them: the status set, the call step sent (its alarm settled), the SMS step to come.
    for (const [status, appt] of [...Object.entries(answered), ['unreachable', unreachable] as const]) {
      await query(server, 'update appointment set confirmation_status = $1 where uuid = $2', [status, appt.uuid])
      await query(server, `update alarm set status = ${ALARM_STATUS.success} where id = (select r.alarm_id from reminder r join appointment a on a.id = r.appointment_id
        where a.uuid = $1 and r.channel = 'call' and r.state is null)`, [appt.uuid])
    }
    await server.deps.db.transaction((tx) => markOptedOut(tx, { organizationId: 1, phoneNumber: '+4915120000001' }))
    for (const [status, appt] of Object.entries(answered)) {
      const after = await getAppointment(server, appt.uuid)
      t.equal(after.confirmation_status, status, `${status} is kept`)
      t.match(after.notes.find((x: any) => x.type === 2).note, /Opted out of reminders \(\+4915120000001\)/, `${status}: noted`)
      const steps = (await timeline(server, appt.uuid)).steps
      t.equal(steps.find((s: any) => s.channel === 'call').state === 'cancelled', false, `${status}: the call already made stays as it was`)
      t.match(steps.find((s: any) => s.channel === 'sms'), { state: 'cancelled', reason_code: 'opted-out' }, `${status}: the text to come stops`)
    }
    t.equal((await getAppointment(server, unreachable.uuid)).confirmation_status, 'opted_out', 'not answered: opted_out')

    // The number opts back in: what the opt-out stopped is planned again, as each appointment now stands.
    await server.deps.db.transaction((tx) => markOptedIn(tx, { organizationId: 1, phoneNumber: '+4915120000001' }))
    const back = await getAppointment(server, unreachable.uuid)
    t.equal(back.confirmation_status, 'unconfirmed', 'opted_out: unconfirmed again')
    t.match(back.notes.find((x: any) => x.type === 2).note, /Opted out of reminders \(\+4915120000001\) at \d\d:\d\d\nOpted in to reminders again \(\+4915120000001\) at \d\d:\d\d/)
    t.match((await timeline(server, unreachable.uuid)).steps.filter((s: any) => s.channel === 'sms'), [{ state: 'cancelled', reason_code: 'opted-out' }, { state: 'scheduled' }],
      'its text planned again')
    const sms = async (appt: { uuid: string }) => (await timeline(server, appt.uuid)).steps.filter((s: any) => s.channel === 'sms').map((s: any) => s.state)
    t.same(await sms(answered.reschedule_requested), ['cancelled', 'scheduled'], 'a new time asked for: its text planned again')
    t.same(await sms(answered.confirmed), ['cancelled'], 'confirmed: nothing more to send')
    t.same(await sms(answered.cancelled), ['cancelled'], 'cancelled: nothing more to send')
    t.equal((await getAppointment(server, answered.confirmed.uuid)).confirmation_status, 'confirmed', 'the answer is kept')
  })

  t.test('opting back in when a step cannot be planned now: unconfirmed all the same, the reason in the note', async (t) => {
    const appt = await makeAppointment(server, contact, wholeSecondIn(8 * DAY))
    await server.deps.db.transaction((tx) => markOptedOut(tx, { organizationId: 1, phoneNumber: '+4915120000001' }))
    // The doctor's name, which the call speaks, is emptied meanwhile.
    await server.call({ method: 'PATCH', url: '/rest-api/user/2/', as: 'admin', payload: { first_name: '', last_name: '' } })
    t.teardown(() => server.call({ method: 'PATCH', url: '/rest-api/user/2/', as: 'admin', payload: { first_name: 'Grace', last_name: 'Hopper' } }))
    const restored = await server.deps.db.transaction((tx) => markOptedIn(tx, { organizationId: 1, phoneNumber: '+4915120000001' }))
    t.ok(restored >= 1)
    const after = await getAppointment(server, appt.uuid)
    t.equal(after.confirmation_status, 'unconfirmed')
    t.match(after.notes.find((x: any) => x.type === 2).note, /Opted in to reminders again \(\+4915120000001\) at \d\d:\d\d; its reminders could not be planned: .*\{doctor\}/)
    t.equal((await timeline(server, appt.uuid)).steps.filter((s: any) => s.state === 'scheduled').length, 0, 'nothing planned, nothing half-written')
  })

  t.test('a tag without a value is refused with a 400 naming it; nothing is stored', async (t) => {
    const count = async () => (await query(server, 'select count(*)::int as n from appointment'))[0].n
    const before = await count()
    // admin (the appointment's owner here) has no name: the survey's {doctor} would be blank.
    const res = await server.call({
      method: 'POST', url: '/appointment/', as: 'admin',
      payload: { start_date: wholeSecondIn(3 * DAY).toISOString(), end_date: wholeSecondIn(3 * DAY + HOUR).toISOString(), type: ['x'], contact_uuid: contact.uuid },
    })
    t.equal(res.statusCode, 400)
    t.same(res.json().reminders, ["no value for {doctor} (step 1): the name (first_name, last_name) of the appointment's owner is empty"])
    t.match(res.json().non_field_errors, [/reminders_enabled/])
    t.equal(await count(), before, 'nothing stored')
    const plan = (await server.call({ method: 'POST', url: '/reminderplans/', as: 'manager', payload: { name: 'with address', steps: [{ channel: 'sms', offset_minutes: 60, template: 'At {address}' }] } })).json()
    const noAddress = await server.call({
      method: 'POST', url: '/appointment/', as: 'manager',
      payload: { start_date: wholeSecondIn(3 * DAY).toISOString(), end_date: wholeSecondIn(3 * DAY + HOUR).toISOString(), type: ['x'], contact_uuid: contact.uuid, reminder_plan: plan.uuid },
    })
    t.equal(noAddress.statusCode, 400)
    t.same(noAddress.json().reminders, ["no value for {address} (step 1): the appointment's address (or the contact's) is empty"])
    const withAddress = await makeAppointment(server, contact, wholeSecondIn(3 * DAY), { reminder_plan: plan.uuid, address: 'Room 4' })
    t.match((await timeline(server, withAddress.uuid)).steps, [{ state: 'scheduled' }])
    const without = await server.call({
      method: 'POST', url: '/appointment/', as: 'admin',
      payload: { start_date: wholeSecondIn(3 * DAY).toISOString(), end_date: wholeSecondIn(3 * DAY + HOUR).toISOString(), type: ['x'], contact_uuid: contact.uuid, reminders_enabled: false },
    })
    t.equal(without.statusCode, 201, 'saved without reminders when asked')
    t.same((await timeline(server, without.json().uuid)).steps, [])
  })

  t.test('Newfies alarms: a tag without a value, an event losing its data, refused', async (t) => {
    const cal = await makeCalendar(server)
    const ev = await makeEvent(server, cal, { data: { first_name: 'Ada' } })
    const res = await server.call({ method: 'POST', url: '/rest-api/alarm/', as: cal.manager, payload: { event: ev.id, alarm_phonenumber: '+15557300001' } })
    t.equal(res.statusCode, 400, 'the built-in reminder survey would speak blanks')
    t.same(res.json().data.slice().sort(), ['no value for {appointment_date}', 'no value for {appointment_time}', 'no value for {clinic}', 'no value for {doctor}'], 'DRF: each tag under data')
    const full = await makeEvent(server, cal)
    await makeAlarm(server, cal, { event: full.id, alarm_phonenumber: '+15557300001' })
    const emptied = await server.call({ method: 'PATCH', url: `/rest-api/event/${full.id}/`, as: cal.manager, payload: { data: { ...DATA, doctor: '' } } })
    t.equal(emptied.statusCode, 400)
    t.same(emptied.json(), { data: ['no value for {doctor}'] })
  })

  t.test('a missing or inactive gateway: refused when scheduled, and said in words when it fails at its due time', async (t) => {
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY))
    const callAlarm = await alarmOf(server, appt.uuid, 'call')
    const cal = await makeCalendar(server)
    const ev = await makeEvent(server, cal)
    const gateway = (active: boolean) => server.call({ method: 'PATCH', url: '/rest-api/gateway/1/', as: 'admin', payload: { status: active ? 1 : 0 } })
    t.equal((await gateway(false)).statusCode, 200)
    t.teardown(() => gateway(true))

    const refused = await server.call({
      method: 'POST', url: '/appointment/', as: 'manager',
      payload: { start_date: wholeSecondIn(3 * DAY).toISOString(), end_date: wholeSecondIn(3 * DAY + HOUR).toISOString(), type: ['x'], contact_uuid: contact.uuid },
    })
    t.equal(refused.statusCode, 400)
    t.same(refused.json().reminders, ['the voice gateway of calendar Reminders is inactive (step 1)'])
    const newfies = await server.call({ method: 'POST', url: '/rest-api/alarm/', as: cal.manager, payload: { event: ev.id, alarm_phonenumber: '+15557300002' } })
    t.equal(newfies.statusCode, 400, 'a Newfies alarm too')
    t.same(newfies.json(), { gateway: [`the voice gateway of calendar ${cal.manager} calendar is inactive`] })

    const org = await createOrganization(server.call, { name: 'Nowhere Clinic' })
    await createManager(server.call, 'nowhere', org)
    const stranger = (await server.call({ method: 'POST', url: '/contact/', as: 'nowhere', payload: { first_name: 'Cy', phones: [{ number: '+15557300003' }], workflowlevel1_uuids: [] } })).json()
    const none = await server.call({
      method: 'POST', url: '/appointment/', as: 'nowhere',
      payload: { start_date: wholeSecondIn(3 * DAY).toISOString(), end_date: wholeSecondIn(3 * DAY + HOUR).toISOString(), type: ['x'], contact_uuid: stranger.uuid },
    })
    t.equal(none.statusCode, 400)
    t.match(none.json().reminders, [/^no voice gateway configured for organization Nowhere Clinic/])

    // Scheduled while the gateway worked, due now that it does not: the attempt fails, and says why.
    await runAlarmJobAt(server, callAlarm, new Date(Date.parse(appt.start_date) - 2 * DAY))
    const failed = await eventually(async () => {
      const step = (await timeline(server, appt.uuid)).steps[0]
      return step.state === 'failed' ? step : null
    })
    t.match(failed, { reason: 'the voice gateway of calendar Reminders is inactive', history: [{ status: 'failed', failure_reason: 'the voice gateway of calendar Reminders is inactive' }] })
    const [request] = await query(server, 'select id from alarm_request where alarm_id = $1', [callAlarm])
    t.match((await server.call({ method: 'GET', url: `/rest-api/alarm-request/${request.id}/`, as: 'admin' })).json(),
      { reason: 'gateway-inactive', failure_reason: 'the voice gateway of calendar Reminders is inactive' })
    t.match((await server.call({ method: 'GET', url: `/rest-api/alarm/${callAlarm}/`, as: 'admin' })).json(),
      { status: 3, failure_reason: 'the voice gateway of calendar Reminders is inactive' })
    t.equal(state.messages({ to: '+4915120000001' }).filter((m) => /trying/.test(m.body)).length, 0, 'no staff text to the patient')

    await gateway(true)
    await server.call({ method: 'PATCH', url: '/rest-api/sms-gateway/1/', as: 'admin', payload: { status: 0 } })
    t.teardown(() => server.call({ method: 'PATCH', url: '/rest-api/sms-gateway/1/', as: 'admin', payload: { status: 1 } }))
    const noSms = await server.call({
      method: 'POST', url: '/appointment/', as: 'manager',
      payload: { start_date: wholeSecondIn(3 * DAY).toISOString(), end_date: wholeSecondIn(3 * DAY + HOUR).toISOString(), type: ['x'], contact_uuid: contact.uuid },
    })
    t.equal(noSms.statusCode, 400)
    t.same(noSms.json().reminders, ['no SMS gateway configured for calendar Reminders (step 2)'])
  })
})
