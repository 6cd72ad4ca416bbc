// One planned step → the alarm that sends it: who (the contact's mobile, else first phone; its first e-mail), what
// (the step's survey or text, else the built-in ones in the contact's language), when (date_start_notice = the
// appointment's start, advance_notice = the step's offset, or the time left when it is sent at once), how often
// (the step's retries) and in which zone (the contact's, else the appointment's) its calling window is kept.
import { DateTime } from 'luxon'
import { ALARM_METHOD, type Appointment, type Contact, type Organization, type ReminderStep } from '../../db/schema/index.js'
import { toE164 } from '../../kit/validation.js'
import { REMINDER_SURVEY, type ReminderCalendar } from './reminder-calendar.js'
import { baseLanguage, builtinText } from './wording.js'

export const METHOD_OF = { call: ALARM_METHOD.call, sms: ALARM_METHOD.sms, email: ALARM_METHOD.email } as const

const DAY_MINUTES = 1440

/**
 * When a step is due: whole days of its offset are counted on the appointment's wall clock ("2 days before" a 09:00
 * appointment is 09:00, across a daylight-saving change too), the rest in minutes.
 */
export function stepDue(start: Date, offsetMinutes: number, zone: string): Date {
  const days = Math.floor(offsetMinutes / DAY_MINUTES)
  return DateTime.fromJSDate(start, { zone }).minus({ days }).minus({ minutes: offsetMinutes - days * DAY_MINUTES }).toJSDate()
}

/** The contact's mobile number, else its first, as written (CRM phones are kept as the original kept them); null when it has none. */
export function phoneOf(contact: Pick<Contact, 'phones'>): string | null {
  const phones = contact.phones ?? []
  const mobile = phones.find((p) => /mobile|cell/i.test(p.type ?? ''))
  return (mobile ?? phones[0])?.number ?? null
}

export function emailOf(contact: Pick<Contact, 'emails'>): string | null {
  return contact.emails?.[0]?.email ?? null
}

/**
 * A contact's number as the number to dial: E.164, read with the organization's country. Null when libphonenumber
 * cannot make one of it (the CRM keeps numbers as written, as the original did): the step is then not sent, with
 * reason `bad-phone` (sync.ts).
 */
export function dialableOf(number: string, region: string): string | null {
  try {
    return toE164('phone', number, region)
  } catch {
    return null
  }
}

/** Where a patient who presses 3 is put through: the reception number, else the organization's phone if it is one. */
export function receptionOf(org: Pick<Organization, 'receptionPhone' | 'phone' | 'defaultRegion'>): string | null {
  if (org.receptionPhone) return org.receptionPhone
  if (!org.phone.trim()) return null
  try {
    return toE164('phone', org.phone, org.defaultRegion)
  } catch {
    return null
  }
}

export interface StepContext {
  appointment: Pick<Appointment, 'startDate' | 'timezone'>
  contact: Pick<Contact, 'phones' | 'emails' | 'timezone' | 'language'>
  organization: Pick<Organization, 'receptionPhone' | 'phone' | 'defaultRegion'>
  /** the reminders calendar setting's survey, and the built-in German reminder */
  surveys: Pick<ReminderCalendar, 'surveyId' | 'surveyTemplateKey' | 'germanSurveyId'>
}

/**
 * The survey a call step runs: its own, else the reminders calendar setting's. That setting has one survey for every
 * patient, while a step's texts and dates follow the contact's language (wording.ts); so while it still names the
 * built-in English reminder, a German-speaking contact (de, de-AT, de-CH…) hears the built-in German one instead of
 * German dates inside English sentences. An admin who put their own survey on the setting keeps it for everybody.
 */
export function callSurvey(step: ReminderStep, language: string | null, surveys: StepContext['surveys']): number | null {
  const german = baseLanguage(language) === 'de' && surveys.surveyTemplateKey === REMINDER_SURVEY && surveys.germanSurveyId !== null
  return step.survey ?? (german ? surveys.germanSurveyId : surveys.surveyId)
}

/** The alarm's columns (without its event) for a step due at `due`. */
export function stepAlarm(step: ReminderStep, due: Date, { appointment, contact, organization, surveys }: StepContext) {
  const channel = step.channel
  const phone = channel === 'email' ? null : phoneOf(contact)
  return {
    method: METHOD_OF[channel],
    dateStartNotice: appointment.startDate,
    advanceNotice: Math.max(0, Math.floor((appointment.startDate.getTime() - due.getTime()) / 1000)),
    maxretry: step.max_retries,
    retryDelay: step.retry_delay,
    surveyId: channel === 'call' ? callSurvey(step, contact.language, surveys) : null,
    smsTemplate: channel === 'sms' ? step.template ?? builtinText('sms', contact.language) : null,
    mailSubject: channel === 'email' ? step.subject ?? builtinText('subject', contact.language) : null,
    mailText: channel === 'email' ? step.template ?? builtinText('mail', contact.language) : null,
    alarmPhonenumber: phone,
    alarmEmail: channel === 'email' ? emailOf(contact) : null,
    phonenumberSmsFailure: null,
    phonenumberTransfer: channel === 'call' ? receptionOf(organization) : null,
    timezone: contact.timezone ?? appointment.timezone,
  }
}
export type StepAlarm = ReturnType<typeof stepAlarm>
