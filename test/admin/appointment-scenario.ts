// Two CRM appointments for the admin UI tests, through the real API, worker and carrier simulator: one whose reminder
// call the patient answered with 1 (confirmed), one whose reminders are still to come.
import { DateTime } from 'luxon'
import type { TestServer } from '../helpers/build.js'
import { runAlarmJobAt } from '../alarms/helpers.js'
import { alarmOf, confirmation, DAY, makeAppointment, makeContact, wholeSecondIn } from '../crm/reminders/helpers.js'

export interface AppointmentScenario {
  confirmed: { uuid: string; mobile: string; callAlarm: number }
  waiting: { uuid: string; mobile: string }
}

async function expectOk(res: { statusCode: number; body: string }, status: number): Promise<void> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
}

export async function runAppointmentScenario(server: TestServer): Promise<AppointmentScenario> {
  const pid = String(process.pid % 10000).padStart(4, '0')
  const mobiles = { confirmed: `+49151${pid}201`, waiting: `+49151${pid}202` }
  // The built-in reminder speaks the organization's name and puts a 3 through to reception.
  await expectOk(await server.call({
    method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin', payload: { name: 'Mitte Clinic', reception_phone: '+49 30 5550000' },
  }), 200)
  // The manager books the appointments: the reminder names them as the doctor.
  await expectOk(await server.call({ method: 'PATCH', url: '/rest-api/user/2/', as: 'admin', payload: { first_name: 'Grace', last_name: 'Hopper' } }), 200)
  server.simulator.state.setNumber(mobiles.confirmed, { behavior: 'answer', presses: ['1'] })
  const ada = await makeContact(server, { first_name: 'Ada', last_name: 'Byron', phones: [{ type: 'mobile', number: mobiles.confirmed }] })
  const grace = await makeContact(server, { first_name: 'Grace', last_name: 'Brewster', phones: [{ type: 'mobile', number: mobiles.waiting }] })
  const start = wholeSecondIn(2 * DAY + 5 * 60_000)
  const confirmed = await makeAppointment(server, ada, start, { name: 'Check-up with Dr. Who' })
  const waiting = await makeAppointment(server, grace, wholeSecondIn(4 * DAY), { name: 'Dental cleaning' })
  // The call step (2 days before) run at its due time, as the dispatcher's clock would.
  const callAlarm = await alarmOf(server, confirmed.uuid, 'call')
  await runAlarmJobAt(server, callAlarm, DateTime.fromJSDate(start, { zone: confirmed.timezone }).minus({ days: 2 }).toJSDate())
  await confirmation(server, confirmed.uuid, 'confirmed')
  return { confirmed: { uuid: confirmed.uuid, mobile: mobiles.confirmed, callAlarm }, waiting: { uuid: waiting.uuid, mobile: mobiles.waiting } }
}
