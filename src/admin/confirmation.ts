import type { ConfirmationStatus } from '../db/schema/index.js'
import type { Words } from './outcome.js'

/**
 * An appointment's confirmation status in the receptionist's words, in the order the filter and the counts list them.
 * Pure: the pages, the CSV export and the tests read it from here.
 */
export const CONFIRMATION_WORDS = new Map<ConfirmationStatus, Words>([
  ['unconfirmed', { text: 'Not confirmed yet', tone: 'wait' }],
  ['confirmed', { text: 'Confirmed', tone: 'ok' }],
  ['cancelled', { text: 'Cancelled', tone: 'bad' }],
  ['reschedule_requested', { text: 'Wants another time', tone: 'wait' }],
  ['unreachable', { text: 'Could not be reached', tone: 'bad' }],
  ['opted_out', { text: 'Opted out of reminders', tone: 'neutral' }],
])

/** The filter's choices: status → label. */
export const CONFIRMATION_OUTCOMES: ReadonlyMap<ConfirmationStatus, string> = new Map(
  [...CONFIRMATION_WORDS].map(([status, words]) => [status, words.text]),
)

export function confirmationWords(status: ConfirmationStatus): Words {
  return CONFIRMATION_WORDS.get(status) ?? { text: status, tone: 'neutral' }
}

/** What an admin may mark an appointment as by hand, and the audit/answer words of each. */
export const MANUAL_ANSWERS = { confirmed: 'Confirmed', cancelled: 'Cancelled' } as const
export type ManualAnswer = keyof typeof MANUAL_ANSWERS
