/** What an appointment reminder e-mail says, already formatted for its language and the appointment's zone. */
export interface ReminderContext {
  /** "01. Januar 2018", or "01. Januar 2018 - 03. Januar 2018" for a span of days */
  appointmentDate: string
  /** "13:15" (hours:minutes, in the appointment's zone) */
  startTime: string
  endTime: string
  /** the appointment's address, or its contact's; '' if neither */
  address: string
  organizationPhone: string
  organization: string
  /** whole days until the start, rounded down, as the original counted them */
  days: number
}

export interface ReminderTemplate {
  /** the Luxon locale and format of dates */
  locale: string
  dateFormat: string
  subject(context: ReminderContext): string
  message(context: ReminderContext): string
}
