import { DateTime } from 'luxon'
import type { Appointment, Contact } from '../db/schema/index.js'
import { preferredAddress } from './contact-entries.js'
import type { ReminderTemplate } from './notification-templates/context.js'
import { de } from './notification-templates/de.js'
import { en } from './notification-templates/en.js'

/** Reminder templates by organization language; other languages get English. */
export const TEMPLATES: Record<string, ReminderTemplate> = { de, en }
export const LANGUAGES = Object.keys(TEMPLATES)

export interface TemplateContext {
  appointment: Pick<Appointment, 'startDate' | 'endDate' | 'timezone' | 'address'>
  /** the appointment's contact, whose address is used when the appointment has none */
  contact: Pick<Contact, 'addresses'> | null
  orgName: string
  orgPhone: string
  language: string
  now?: Date
}

const DAY_MS = 86_400_000

/**
 * The reminder e-mail for an appointment in the organization's language, with times in the
 * appointment's own zone as hours:minutes (the original printed minutes:hours in UTC) and the end
 * date when the appointment spans days (the original compared the end with itself and never did).
 */
export function renderNotification({ appointment, contact, orgName, orgPhone, language, now = new Date() }: TemplateContext): { subject: string; message: string } {
  const template = TEMPLATES[language] ?? en
  const zone = appointment.timezone
  const start = DateTime.fromJSDate(appointment.startDate, { zone }).setLocale(template.locale)
  const end = DateTime.fromJSDate(appointment.endDate, { zone }).setLocale(template.locale)
  const day = (d: DateTime) => d.toFormat(template.dateFormat)
  const context = {
    appointmentDate: start.hasSame(end, 'day') ? day(start) : `${day(start)} - ${day(end)}`,
    startTime: start.toFormat('HH:mm'),
    endTime: end.toFormat('HH:mm'),
    address: appointment.address.trim() || preferredAddress(contact?.addresses ?? []),
    organizationPhone: orgPhone.trim(),
    organization: orgName.trim(),
    days: Math.floor((appointment.startDate.getTime() - now.getTime()) / DAY_MS),
  }
  return { subject: template.subject(context), message: template.message(context) }
}
