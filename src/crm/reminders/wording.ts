// How reminders put an appointment into words for a listener or reader: dates and times in the appointment's zone
// and the contact's language, and the built-in texts of SMS and e-mail steps. English and German are written out;
// any other language gets its dates from Intl and the English texts.
import { DateTime } from 'luxon'
import { invalidField } from '../../errors.js'

/** A contact's language as a BCP 47 tag (`de`, `de-AT`, `en-US`); a 400 naming `field` if it is none. */
export function checkLanguage(field: string, value: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(value.trim())
    if (canonical) return canonical
  } catch {
    // falls through to the 400
  }
  throw invalidField(field, `"${value}" is not a language tag (e.g. en, de, de-AT)`)
}

/** Plain `en` reads dates the British way ("Monday 14 December", "10:30"); a region (`en-US`) keeps its own. */
const localeOf = (language: string | null) => (!language || language === 'en' ? 'en-GB' : language)

/** `de` for de, de-AT, de-CH; English when the contact has no language. */
export const baseLanguage = (language: string | null) => (language ?? 'en').split('-')[0]!.toLowerCase()

/** "Monday 14 December" / "Montag, 14. Dezember", in `zone`. */
export function sayDate(instant: Date, zone: string, language: string | null): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale(localeOf(language)).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' })
}

/** "10:30" (or "10:30 AM" where the language's region says so; "10:30 Uhr" in German, as it is said), in `zone`. */
export function sayTime(instant: Date, zone: string, language: string | null): string {
  const time = DateTime.fromJSDate(instant, { zone }).setLocale(localeOf(language)).toLocaleString(DateTime.TIME_SIMPLE)
  return baseLanguage(language) === 'de' ? `${time} Uhr` : time
}

interface Texts { sms: string; subject: string; mail: string }

const TEXTS: Record<string, Texts> = {
  en: {
    sms: 'Hello {first_name}, a reminder of your appointment with {doctor} at {clinic} on {appointment_date} at {appointment_time}. Please call us if you cannot come.',
    subject: 'Reminder: your appointment on {appointment_date} at {appointment_time}',
    mail: 'Hello {first_name},\n\nthis is a reminder of your appointment with {doctor} at {clinic} on {appointment_date} at {appointment_time}.\n\nIf you cannot come, please let us know.\n\n{clinic}',
  },
  de: {
    sms: 'Hallo {first_name}, wir erinnern Sie an Ihren Termin bei {doctor} in {clinic} am {appointment_date} um {appointment_time}. Bitte rufen Sie uns an, falls Sie nicht kommen können.',
    subject: 'Erinnerung: Ihr Termin am {appointment_date} um {appointment_time}',
    mail: 'Hallo {first_name},\n\nwir erinnern Sie an Ihren Termin bei {doctor} in {clinic} am {appointment_date} um {appointment_time}.\n\nFalls Sie nicht kommen können, geben Sie uns bitte Bescheid.\n\n{clinic}',
  },
}

/** The built-in text of a step that has none of its own, in the contact's language (else English). */
export function builtinText(kind: keyof Texts, language: string | null): string {
  return (TEXTS[baseLanguage(language)] ?? TEXTS.en!)[kind]
}
