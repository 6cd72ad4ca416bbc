// Whose clock contact hours run on (src/kit/callee-zone.ts): the contact's zone, else the appointment's or calendar's,
// else the number's country when it keeps one clock, else the organization's.
import t from 'tap'
import { calleeZone, countryZone, TZ_DATA, type ZoneData } from '../../src/kit/callee-zone.js'

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
  t.equal(countryZone('+38344123456'), null, 'Kosovo: a country the tz data does not list')
  t.same(TZ_DATA.zonesOf('XK'), [])
  t.same(TZ_DATA.zonesOf('FR').map((z) => z.name), ['Europe/Paris'])
})

t.test('one clock means the same standard AND daylight offsets', async (t) => {
  const zone = (name: string, utcOffset: number, dstOffset: number) => ({ name, utcOffset, dstOffset })
  const data = (zones: ReturnType<typeof zone>[]): ZoneData => ({ zonesOf: (country) => (country === 'DE' ? zones : []) })
  const de = '+4915120000001'
  t.equal(countryZone(de, data([zone('A/One', 60, 120), zone('A/Two', 60, 120)])), 'A/One', 'two zones, one clock: the first')
  t.equal(countryZone(de, data([zone('A/One', 60, 120), zone('A/Two', 60, 60)])), null, 'one keeps summer time, one does not')
  t.equal(countryZone(de, data([zone('A/One', 60, 120), zone('A/Two', 120, 120)])), null, 'standard offsets differ')
  t.equal(countryZone(de, data([zone('A/One', 60, 120), zone('A/Two', 60, 120), zone('A/Three', 0, 120)])), null, 'the third differs')
  t.equal(countryZone(de, data([zone('A/One', 60, 120)])), 'A/One')
  t.equal(countryZone(de, data([])), null, 'no zones')
  const everywhere: ZoneData = { zonesOf: () => [zone('Any/Where', 0, 0)] }
  t.equal(countryZone('+80012345678', everywhere), null, 'a number of no country (international freephone) has no country clock')
  t.equal(calleeZone({ phoneNumber: de, organizationZone: 'UTC' }, data([zone('A/One', 60, 120)])), 'A/One', 'the data reaches calleeZone')
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
