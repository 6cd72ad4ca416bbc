import type { ReminderTemplate } from './context.js'

/** The German template (de.ts) in English. */
export const en: ReminderTemplate = {
  locale: 'en',
  dateFormat: 'd LLLL yyyy',
  subject: (c) => `Reminder of your appointment in ${c.days} days with ${c.organization} on ${c.appointmentDate}`,
  message: (c) => [
    'Dear customer,',
    '',
    'we would like to remind you of the following appointment with us:',
    c.appointmentDate,
    `${c.startTime} – ${c.endTime}`,
    ...(c.address ? [c.address] : []),
    '',
    'If you cannot keep this appointment or would like to move it,',
    c.organizationPhone ? `please contact our office: ${c.organizationPhone}.` : 'please contact our office.',
    '',
    'Kind regards',
    `Your ${c.organization} team`,
  ].join('\n'),
}
