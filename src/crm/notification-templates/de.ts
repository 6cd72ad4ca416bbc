import type { ReminderTemplate } from './context.js'

/** The original service's template (appointment/templates/appointment_notification_*.txt), line for line. */
export const de: ReminderTemplate = {
  locale: 'de',
  dateFormat: 'dd. LLLL yyyy',
  subject: (c) => `Erinnerung an Ihren Termin in ${c.days} Tagen mit ${c.organization} am ${c.appointmentDate}`,
  message: (c) => [
    'Lieber Kunde,',
    '',
    'wir möchten Sie an folgenden Termin mit uns erinnern:',
    c.appointmentDate,
    `${c.startTime} – ${c.endTime} Uhr`,
    ...(c.address ? [c.address] : []),
    '',
    'Falls Sie diesen Termin nicht wahrnehmen können oder ihn verschieben',
    c.organizationPhone
      ? `möchten, kontaktieren Sie bitte unser Büro: ${c.organizationPhone}.`
      : 'möchten, kontaktieren Sie bitte unser Büro.',
    '',
    'Mit freundlichen Grüßen',
    `Ihr ${c.organization} Team`,
  ].join('\n'),
}
