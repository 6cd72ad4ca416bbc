import type { SurveyDefinition } from '../types.js'
import { reminderFlow } from './appointment-reminder.js'

/**
 * The appointment reminder in German (formal "Sie"): the same nodes, branches and tags as appointment-reminder.ts,
 * so an answer means the same whichever language the patient heard. A German voice speaks it, since the default
 * English voice would read German words (and the German-worded date) with English sounds. A reminder call picks it
 * for a contact whose language is German while the reminders calendar still uses the built-in English reminder
 * (README "How reminders work").
 */
export const appointmentReminderDe: SurveyDefinition = reminderFlow({
  voicemail:
    'Guten Tag, hier ist {clinic} mit einer Erinnerung an Ihren Termin bei {doctor} am {appointment_date} um {appointment_time}. Bitte rufen Sie uns an, falls Sie den Termin ändern möchten. Auf Wiederhören.',
  intro: 'Guten Tag {first_name}. Hier ist {clinic} mit einer Erinnerung an Ihren Termin.',
  ask: 'Ihr Termin bei {doctor} ist am {appointment_date} um {appointment_time}. Zum Bestätigen drücken Sie die 1. Zum Absagen drücken Sie die 2. Für einen neuen Termin drücken Sie die 3. Zum Wiederholen drücken Sie die Sterntaste. Wenn Sie keine weiteren Anrufe wünschen, drücken Sie die 9.',
  invalid: 'Das war leider keine der Möglichkeiten.',
  confirmed: 'Vielen Dank. Ihr Termin ist bestätigt. Wir freuen uns auf Sie. Auf Wiederhören.',
  cancelled: 'Ihr Termin wurde abgesagt. Vielen Dank für Ihre Nachricht. Auf Wiederhören.',
  reschedule: 'Bitte bleiben Sie in der Leitung. Wir verbinden Sie mit unserer Anmeldung, um einen neuen Termin zu finden.',
  optOut: 'Sie erhalten von {clinic} keine weiteren Anrufe oder Nachrichten. Auf Wiederhören.',
  thanks: 'Vielen Dank für Ihre Antwort. Auf Wiederhören.',
  callBack: 'Vielen Dank. Wir haben notiert, dass Sie einen neuen Termin wünschen. {clinic} ruft Sie zurück, um ihn zu vereinbaren. Auf Wiederhören.',
  goodbye: 'Wir haben keine Antwort erhalten. Bitte rufen Sie {clinic} an, um Ihren Termin zu bestätigen. Auf Wiederhören.',
}, { language: 'de-DE', voice: 'Polly.Vicki' })
