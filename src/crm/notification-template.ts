import { DateTime } from 'luxon'
import type { Appointment, Contact } from '../db/schema/index.js'
import { preferredAddress } from './contact-entries.js'

export interface TemplateContext {
  appointment: Pick<Appointment, 'startDate' | 'endDate' | 'timezone' | 'address'>
  /** the appointment's contact, whose address is used when the appointment has none */
  contact: Pick<Contact, 'addresses'> | null
  orgName: string
  orgPhone: string
}

const DATE = 'cccc, d LLLL yyyy'
const TIME = 'HH:mm'

/**
 * The reminder e-mail for an appointment, in the appointment's own time zone with 24-hour times
 * (the original printed minutes:hours in UTC, and never showed multi-day spans).
 */
export function renderNotification({ appointment, contact, orgName, orgPhone }: TemplateContext): { subject: string; message: string } {
  const zone = appointment.timezone
  const start = DateTime.fromJSDate(appointment.startDate, { zone }).setLocale('en')
  const end = DateTime.fromJSDate(appointment.endDate, { zone }).setLocale('en')
  const sameDay = start.hasSame(end, 'day')
  const date = sameDay ? start.toFormat(DATE) : `${start.toFormat(DATE)} – ${end.toFormat(DATE)}`
  const time = `${start.toFormat(TIME)} – ${end.toFormat(TIME)} (${zone})`
  const address = appointment.address.trim() || preferredAddress(contact?.addresses ?? [])
  const org = orgName.trim()
  const phone = orgPhone.trim()

  const subject = `Reminder: your appointment${org ? ` with ${org}` : ''} on ${start.toFormat(DATE)} at ${start.toFormat(TIME)}`
  const lines = [
    'Dear customer,',
    '',
    `This is a reminder of your appointment${org ? ` with ${org}` : ''}:`,
    '',
    `Date: ${date}`,
    `Time: ${time}`,
    ...(address ? [`Address: ${address}`] : []),
    '',
    phone
      ? `If you cannot keep this appointment, please call us at ${phone} to cancel or reschedule it.`
      : 'If you cannot keep this appointment, please contact us to cancel or reschedule it.',
    '',
    'Kind regards,',
    org ? `The ${org} team` : 'Your appointment team',
  ]
  return { subject, message: lines.join('\n') }
}
