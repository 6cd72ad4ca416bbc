import type { SurveyDefinition } from '../types.js'
import { appointmentReminder } from './appointment-reminder.js'
import { appointmentReminderDe } from './appointment-reminder-de.js'
import { calendarAlarm } from './calendar-alarm.js'
import { everyNode } from './every-node.js'
import { wakeUpCall } from './wake-up-call.js'

export type SurveyTemplate = { key: string; name: string; description: string; definition: SurveyDefinition }

/** Built-in surveys in a stable order (first start seals them as sealed-survey 1, 2, ...). */
export const templates: readonly SurveyTemplate[] = [
  {
    key: 'appointment-reminder',
    name: 'Appointment reminder',
    description: 'Reads the appointment, then 1 confirms, 2 cancels, 3 transfers to reception to reschedule, 9 stops all calls and texts.',
    definition: appointmentReminder,
  },
  {
    key: 'wake-up-call',
    name: 'Wake-up call',
    description: 'Asks until the callee presses 1 to show they are awake.',
    definition: wakeUpCall,
  },
  {
    key: 'calendar-alarm',
    name: 'Calendar alarm',
    description: "Reads the event's title and description; 1 acknowledges, 2 repeats.",
    definition: calendarAlarm,
  },
  {
    key: 'every-node',
    name: 'Every node type',
    description: 'A demo that uses every node type: menu, rating, digits, recording, SMS, transfer, conference, opt-out.',
    definition: everyNode,
  },
  // Added after the others so that a fresh install's sealed-survey ids stay as they were (1 is the English reminder).
  {
    key: 'appointment-reminder-de',
    name: 'Appointment reminder (German)',
    description: 'The appointment reminder in German, for contacts whose language is German: 1 bestätigt, 2 sagt ab, 3 verbindet zur Anmeldung, 9 beendet alle Anrufe und Nachrichten.',
    definition: appointmentReminderDe,
  },
]

export function findTemplate(key: string): SurveyTemplate | undefined {
  return templates.find((template) => template.key === key)
}
