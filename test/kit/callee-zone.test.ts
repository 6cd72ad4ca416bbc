// Whose clock contact hours run on (src/kit/callee-zone.ts): the contact's zone, else the appointment's or calendar's,
// else the number's country when it keeps one clock, else the organization's.
import t from 'tap'
import { calleeZone, countryZone } from '../../src/kit/callee-zone.js'

t.test('a country that keeps one clock gives its zone; one with several gives none', async (t) => {
  t.equal(countryZone('+4915120000001'), 'Europe/Berlin', 'Germany (Berlin, and Büsingen on the same clock)')
  t.equal(countryZone('+33612345678'), 'Europe/Paris')
  t.equal(countryZone('+442071234567'), 'Europe/London')
  t.equal(countryZone('+919812345678'), 'Asia/Kolkata')
  t.equal(countryZone('+12125550123'), null, 'the United States: many clocks')
  t.equal(countryZone('+14165550123'), null, 'Canada: many clocks')
  t.equal(countryZone('+64211234567'), null, 'New Zealand: Auckland and the Chatham Islands differ')
  t.equal(countryZone('+61412345678'), null, 'Australia')
  t.equal(countryZone('not a number'), null)
  t.equal(countryZone('+999'), null)
})

t.test('the first source that has a zone wins', async (t) => {
  const all = { contactZone: 'America/Chicago', appointmentZone: 'Europe/Berlin', phoneNumber: '+33612345678', organizationZone: 'UTC' }
  t.equal(calleeZone(all), 'America/Chicago', 'the contact\'s own zone')
  t.equal(calleeZone({ ...all, contactZone: null }), 'Europe/Berlin', 'else the appointment\'s or calendar\'s')
  t.equal(calleeZone({ ...all, contactZone: '', appointmentZone: undefined }), 'Europe/Paris', 'else the number\'s country')
  t.equal(calleeZone({ ...all, contactZone: null, appointmentZone: null, phoneNumber: '+12125550123' }), 'UTC', 'else the organization\'s')
  t.equal(calleeZone({ organizationZone: 'Pacific/Auckland' }), 'Pacific/Auckland')
  t.equal(calleeZone({ phoneNumber: null, organizationZone: 'Asia/Tokyo' }), 'Asia/Tokyo')
})
