// What an appointment's reminders say: the {tags} of surveys and texts filled from the CRM — the contact, the
// appointment, the organization and the appointment's owner — stored as the data of the appointment's reminder
// event (sync.ts), which is where every alarm's tags come from.
import type { Appointment, Contact } from '../../db/schema/index.js'
import { EVENT_TAGS } from '../../alarms/texts.js'
import { preferredAddress } from '../contact-entries.js'
import { sayDate, sayTime } from './wording.js'

/** Each tag reminders fill, and where its value comes from (named in the 400 when it has none). */
export const REMINDER_TAGS = {
  first_name: "the contact's first_name",
  last_name: "the contact's last_name",
  clinic: "the organization's name",
  doctor: "the name (first_name, last_name) of the appointment's owner",
  appointment_date: "the appointment's start_date",
  appointment_time: "the appointment's start_date",
  address: "the appointment's address (or the contact's)",
} as const
export type ReminderTag = keyof typeof REMINDER_TAGS

/** Every tag a reminder's survey or text may use. */
export const KNOWN_TAGS: ReadonlySet<string> = new Set<string>([...Object.keys(REMINDER_TAGS), ...EVENT_TAGS, 'phonenumber_transfer', 'caller_number'])

export interface TagSources {
  appointment: Pick<Appointment, 'startDate' | 'timezone' | 'address'>
  contact: Pick<Contact, 'firstName' | 'lastName' | 'addresses' | 'language'>
  organizationName: string
  /** the owner's first and last name; null when the owner is no user here (a JWT caller's identity) */
  ownerName: string | null
}

/** The tag values ('' where the source is empty: the readiness check names it). */
export function reminderTagData({ appointment, contact, organizationName, ownerName }: TagSources): Record<ReminderTag, string> {
  const zone = appointment.timezone
  return {
    first_name: contact.firstName.trim(),
    last_name: contact.lastName.trim(),
    clinic: organizationName.trim(),
    doctor: (ownerName ?? '').trim(),
    appointment_date: sayDate(appointment.startDate, zone, contact.language),
    appointment_time: sayTime(appointment.startDate, zone, contact.language),
    address: appointment.address.trim() || preferredAddress(contact.addresses),
  }
}
