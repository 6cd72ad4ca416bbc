// The compatible CRM keeps the original's looseness: contact_uuid is a soft reference (any UUID) and phone numbers are
// kept as written. The reminder planner copes: a contact_uuid naming no contact of the appointment's organization,
// or a number that cannot be made E.164 with the organization's country, saves the appointment and records each step
// it affects as not sent, with a reason code and words — never a 500, a 400 or a silent gap in the timeline.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startTestServer } from '../../helpers/build.js'
import { createManager, createOrganization } from '../helpers.js'
import { DAY, HOUR, makeAppointment, makeContact, makePlan, query, setUpClinic, timeline, wholeSecondIn } from './helpers.js'

const NO_CONTACT = /contact_uuid names no contact of the appointment's organization/
const BAD_PHONE = /cannot be read as an international \(E\.164\) number with the organization's country/

t.test('reminders of a contact that is not there, or cannot be dialled', async (t) => {
  const server = await startTestServer(t)
  await setUpClinic(server)
  const alarmsOf = async (uuid: string) => (await query(server, `
    select count(*)::int as n from alarm l join event e on e.id = l.event_id join appointment a on a.reminder_event_id = e.id
    where a.uuid = $1 and l.status <> 7`, [uuid]))[0].n

  t.test('a contact_uuid naming no contact: saved, every step skipped with reason no-contact', async (t) => {
    const appt = await makeAppointment(server, { uuid: randomUUID() }, wholeSecondIn(3 * DAY))
    t.equal(appt.contact, null)
    const { steps } = await timeline(server, appt.uuid)
    t.same(steps.map((s: any) => [s.channel, s.state, s.reason_code]), [['call', 'skipped', 'no-contact'], ['sms', 'skipped', 'no-contact']])
    for (const step of steps) t.match(step.reason, NO_CONTACT)
    t.equal(await alarmsOf(appt.uuid), 0, 'nothing is sent')
    const renamed = await server.call({ method: 'PATCH', url: `/appointment/${appt.uuid}/`, as: 'manager', payload: { name: 'Checkup' } })
    t.equal(renamed.statusCode, 200)
    t.equal((await timeline(server, appt.uuid)).steps.length, 2, 'recorded once per start, not again on every change')
  })

  t.test("another organization's contact: saved, not shown, not reminded (reason no-contact)", async (t) => {
    const org = await createOrganization(server.call, { name: 'Elsewhere' })
    await createManager(server.call, 'elsewhere', org)
    const theirs = (await server.call({
      method: 'POST', url: '/contact/', as: 'elsewhere', payload: { first_name: 'Eve', phones: [{ type: 'mobile', number: '+4915120000099' }], workflowlevel1_uuids: [] },
    })).json()
    t.ok(theirs.uuid, 'their contact exists')
    const appt = await makeAppointment(server, theirs, wholeSecondIn(3 * DAY))
    t.equal(appt.contact_uuid, theirs.uuid, 'the reference is kept as given')
    t.equal(appt.contact, null, "another organization's contact is not shown")
    const { steps } = await timeline(server, appt.uuid)
    t.same(steps.map((s: any) => [s.state, s.reason_code]), [['skipped', 'no-contact'], ['skipped', 'no-contact']])
    t.equal(await alarmsOf(appt.uuid), 0, 'their number is never called')
  })

  t.test('a number that is no E.164 number in the organization\'s country: call and SMS skipped (bad-phone), e-mail sent', async (t) => {
    const plan = await makePlan(server, [
      { channel: 'call', offset_minutes: 2880 }, { channel: 'sms', offset_minutes: 1440 }, { channel: 'email', offset_minutes: 1440 },
    ])
    const contact = await makeContact(server, {
      first_name: 'Bo', last_name: 'Short', phones: [{ type: 'mobile', number: '123' }], emails: [{ email: 'bo@example.org' }], workflowlevel1_uuids: [],
    })
    t.same(contact.phones, [{ type: 'mobile', number: '123' }], 'the CRM keeps the number as written')
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY), { reminder_plan: plan.uuid })
    const { steps } = await timeline(server, appt.uuid)
    t.same(steps.map((s: any) => [s.channel, s.state, s.reason_code]), [
      ['call', 'skipped', 'bad-phone'], ['sms', 'skipped', 'bad-phone'], ['email', 'scheduled', null],
    ])
    t.match(steps[0].reason, BAD_PHONE)
    t.equal(await alarmsOf(appt.uuid), 1, 'only the e-mail is planned')

    // Given a number that dials, the skipped steps are planned again; the skipped rows stay as the record.
    const fixed = await server.call({ method: 'PATCH', url: `/contact/${contact.id}/`, as: 'manager', payload: { phones: [{ type: 'mobile', number: '0151 20000042' }] } })
    t.equal(fixed.statusCode, 200, fixed.body)
    const after = (await timeline(server, appt.uuid)).steps.map((s: any) => [s.channel, s.state, s.reason_code])
    t.same(after.filter((s: any) => s[1] === 'scheduled').map((s: any) => s[0]).sort(), ['call', 'email', 'sms'])
    t.same(after.filter((s: any) => s[1] === 'skipped'), [['call', 'skipped', 'bad-phone'], ['sms', 'skipped', 'bad-phone']])
    const [dialled] = await query(server, `
      select l.alarm_phonenumber from alarm l join event e on e.id = l.event_id join appointment a on a.reminder_event_id = e.id
      where a.uuid = $1 and l.method = 1 and l.status <> 7`, [appt.uuid])
    t.equal(dialled.alarm_phonenumber, '+4915120000042', 'the number as E.164, read in the organization\'s country (DE)')
  })

  t.test("the timeline is Tocsin's own endpoint: Tocsin's error format, beside the CRM's DRF one", async (t) => {
    const appt = await makeAppointment(server, { uuid: randomUUID() }, wholeSecondIn(3 * DAY))
    const anonymous = await server.call({ method: 'GET', url: `/appointment/${appt.uuid}/reminders/` })
    t.equal(anonymous.statusCode, 401)
    t.equal(anonymous.json().error.code, 'unauthorized')
    const missing = await server.call({ method: 'GET', url: `/appointment/${randomUUID()}/reminders/`, as: 'manager' })
    t.equal(missing.statusCode, 404)
    t.equal(missing.json().error.code, 'not_found')
    const crm = await server.call({ method: 'GET', url: `/appointment/${appt.uuid}/` })
    t.same([crm.statusCode, crm.json()], [403, { detail: 'Authentication credentials were not provided.' }], 'the appointment itself answers as DRF')
  })

  t.test('the contact deleted: its steps still to come are cancelled, with reason no-contact', async (t) => {
    const contact = await makeContact(server, { first_name: 'Cy', last_name: 'Gone', phones: [{ type: 'mobile', number: '+4915120000077' }], workflowlevel1_uuids: [] })
    const appt = await makeAppointment(server, contact, wholeSecondIn(3 * DAY + HOUR))
    t.same((await timeline(server, appt.uuid)).steps.map((s: any) => s.state), ['scheduled', 'scheduled'])
    t.equal((await server.call({ method: 'DELETE', url: `/contact/${contact.id}/`, as: 'manager' })).statusCode, 204)
    const { steps } = await timeline(server, appt.uuid)
    t.same(steps.map((s: any) => [s.state, s.reason_code]), [['cancelled', 'no-contact'], ['cancelled', 'no-contact']])
    t.equal(await alarmsOf(appt.uuid), 0, 'their alarms are cancelled')
  })
})
