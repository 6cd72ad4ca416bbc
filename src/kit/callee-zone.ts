// The zone a callee's wall clock runs on, for contact hours (alarms/contact-hours.ts): the contact's own zone, else
// the appointment's or calendar's, else the zone of the number's country when that country keeps one clock, else the
// organization's. The country comes from the number (libphonenumber-js); its zones from the IANA tz database's
// zone1970.tab, as countries-and-timezones ships it. A country "keeps one clock" when all its zones share the same
// standard and daylight offsets (Germany: Europe/Berlin and Europe/Zurich for Büsingen); the United States, Brazil or
// New Zealand (Chatham) do not, and fall through to the organization's zone. Pure.
import { getCountry, getTimezone } from 'countries-and-timezones'
import { parsePhoneNumberFromString } from 'libphonenumber-js'

export interface CalleeZoneSources {
  contactZone?: string | null
  /** the appointment's, or the calendar's (an event's) */
  appointmentZone?: string | null
  phoneNumber?: string | null
  organizationZone: string
}

/** The single clock of the number's country, or null (unknown number, or a country of several clocks). */
export function countryZone(phoneNumber: string): string | null {
  const country = parsePhoneNumberFromString(phoneNumber)?.country
  if (!country) return null
  const zones = getCountry(country)?.timezones ?? []
  const first = zones[0] === undefined ? undefined : getTimezone(zones[0])
  if (!first) return null
  const oneClock = zones.every((name) => {
    const zone = getTimezone(name)
    return zone !== null && zone.utcOffset === first.utcOffset && zone.dstOffset === first.dstOffset
  })
  return oneClock ? first.name : null
}

export function calleeZone(sources: CalleeZoneSources): string {
  return sources.contactZone || sources.appointmentZone || (sources.phoneNumber && countryZone(sources.phoneNumber)) || sources.organizationZone
}
