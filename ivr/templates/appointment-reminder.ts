import type { SurveyDefinition } from '../types.js'

/** What the reminder says, node by node: the flow below is the same in every language, so an answer means the same. */
export interface ReminderWords {
  voicemail: string
  intro: string
  ask: string
  invalid: string
  confirmed: string
  cancelled: string
  reschedule: string
  optOut: string
  thanks: string
  callBack: string
  goodbye: string
}

/** The reminder's flow spoken in `words` (and, for a language other than the default voice's, by `tts`). */
export function reminderFlow(words: ReminderWords, tts?: SurveyDefinition['tts']): SurveyDefinition {
  return {
    version: 1,
    start: 'intro',
    ...(tts && { tts }),
    voicemail: { script: words.voicemail },
    nodes: [
      { id: 'intro', type: 'play_message', prompt: { script: words.intro }, branches: { default: 'ask' } },
      {
        id: 'ask',
        type: 'rating',
        rating_laps: 3,
        retries: 1,
        completed: true,
        prompt: { script: words.ask },
        invalid_prompt: { script: words.invalid },
        branches: { '1': 'confirmed', '2': 'cancelled', '3': 'reschedule', '9': 'opt-out', timeout: 'goodbye' },
      },
      { id: 'confirmed', type: 'hangup', prompt: { script: words.confirmed } },
      { id: 'cancelled', type: 'hangup', prompt: { script: words.cancelled } },
      {
        id: 'reschedule',
        type: 'call_transfer',
        number: '{phonenumber_transfer}',
        prompt: { script: words.reschedule },
        branches: { default: 'thanks', no_number: 'call-back' },
      },
      { id: 'opt-out', type: 'dnc', prompt: { script: words.optOut } },
      { id: 'thanks', type: 'hangup', prompt: { script: words.thanks } },
      { id: 'call-back', type: 'hangup', prompt: { script: words.callBack } },
      { id: 'goodbye', type: 'hangup', prompt: { script: words.goodbye } },
    ],
  }
}

/**
 * The reminder the product is about. Tags: {first_name} (contact), {clinic}, {doctor},
 * {appointment_date}, {appointment_time} (event data; an appointment's reminders fill them from the CRM),
 * {phonenumber_transfer} (the alarm; for appointments the organization's reception). The details sit in the
 * question itself so that `*` repeats them too. Pressing 3 without a reception number to transfer to still tells
 * the patient what happens next. 9 opts the number out of every call, text and e-mail (README "Consent and opt-out").
 * Sealed surveys never change: an install sealed before 9 was offered keeps its version (a new install seals this one).
 */
export const appointmentReminder: SurveyDefinition = reminderFlow({
  voicemail:
    'Hello, this is {clinic} with a reminder of your appointment with {doctor} on {appointment_date} at {appointment_time}. Please call us if you need to change it. Goodbye.',
  intro: 'Hello {first_name}. This is {clinic} with a reminder about your appointment.',
  ask: 'Your appointment with {doctor} is on {appointment_date} at {appointment_time}. To confirm, press 1. To cancel, press 2. To reschedule, press 3. To hear this again, press star. To stop these calls, press 9.',
  invalid: 'Sorry, that is not one of the choices.',
  confirmed: 'Thank you. Your appointment is confirmed. We look forward to seeing you. Goodbye.',
  cancelled: 'Your appointment has been cancelled. Thank you for letting us know. Goodbye.',
  reschedule: 'Please hold while we connect you to our reception to find a new time.',
  optOut: 'You will not receive any more calls or messages from {clinic}. Goodbye.',
  thanks: 'Thank you for your answer. Goodbye.',
  callBack: 'Thank you. We have noted that you would like a new time, and {clinic} will call you back to arrange it. Goodbye.',
  goodbye: 'We did not get your answer. Please call {clinic} to confirm your appointment. Goodbye.',
})
