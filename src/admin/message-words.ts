import type { Words } from './outcome.js'

/** The outcomes the text list can be filtered by. */
export const MESSAGE_OUTCOMES = new Map([
  ['delivered', 'Delivered'],
  ['sent', 'Sent, delivery not confirmed'],
  ['failed', 'Not delivered'],
  ['opted-out', 'Not sent: opted out'],
  ['pending', 'Waiting to be sent'],
  ['received', 'Received'],
] as const)
export type MessageOutcome = typeof MESSAGE_OUTCOMES extends Map<infer K, string> ? K : never

/** Which texts each outcome covers (sms_message.status values). */
export const MESSAGE_OUTCOME_STATUSES: Record<MessageOutcome, readonly string[]> = {
  delivered: ['delivered'],
  sent: ['sent'],
  failed: ['undelivered', 'failed'],
  'opted-out': ['blocked'],
  pending: ['queued', 'sending'],
  received: ['received'],
}

/** Why a text exists. */
export const MESSAGE_KIND = { reminder: 'reminder', fallback: 'fallback', duringCall: 'during-call', reply: 'reply', other: 'other' } as const
export type MessageKind = (typeof MESSAGE_KIND)[keyof typeof MESSAGE_KIND]

export const MESSAGE_KIND_LABELS: Record<MessageKind, string> = {
  reminder: 'Reminder text',
  fallback: 'Fallback text (the reminder could not get through)',
  'during-call': 'Text the call script sent',
  reply: 'Text from the patient',
  other: 'Text',
}

export function messageWords(m: { status: string; error: string | null }): Words {
  switch (m.status) {
    case 'delivered': return { text: 'Delivered', tone: 'ok' }
    case 'sent': return { text: 'Sent (delivery not confirmed)', tone: 'ok' }
    case 'received': return { text: 'Received', tone: 'ok' }
    case 'queued': return { text: 'Waiting to be sent', tone: 'wait' }
    case 'sending': return { text: 'Sending…', tone: 'wait' }
    case 'blocked': return { text: 'Not sent: number opted out', tone: 'bad' }
    case 'undelivered': return { text: 'Not delivered', tone: 'bad' }
    case 'failed':
      return { text: m.error === 'no active SMS gateway' ? 'Not sent: no text line set up' : 'Not sent: the carrier refused it', tone: 'bad' }
    default: return { text: m.status, tone: 'neutral' }
  }
}
