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

/** A country's zones with their offsets in minutes (standard, and in daylight saving time). */
export interface ZoneData {
  zonesOf(country: string): readonly { name: string; utcOffset: number; dstOffset: number }[]
}

/** The tz database's zones per country (a country it does not list, such as Kosovo, has none). */
export const TZ_DATA: ZoneData = {
  zonesOf: (country) => (getCountry(country)?.timezones ?? []).flatMap((name) => getTimezone(name) ?? []),
}

/** The single clock of the number's country, or null (no country, or one of several clocks). */
export function countryZone(phoneNumber: string, data: ZoneData = TZ_DATA): string | null {
  const country = parsePhoneNumberFromString(phoneNumber)?.country
  const zones = country ? data.zonesOf(country) : []
  const [first] = zones
  if (!first) return null
  return zones.every((zone) => zone.utcOffset === first.utcOffset && zone.dstOffset === first.dstOffset) ? first.name : null
}

export function calleeZone(sources: CalleeZoneSources, data: ZoneData = TZ_DATA): string {
  return sources.contactZone || sources.appointmentZone || (sources.phoneNumber && countryZone(sources.phoneNumber, data)) || sources.organizationZone
}
