import { fillTags, type IvrContext, type SurveyDefinition } from '../../ivr/index.js'
import { CallStatus } from '../codes/call-status.js'
import { callResultWords, type Words } from './outcome.js'

/** The outcomes the call list can be filtered by. */
export const CALL_OUTCOMES = new Map([
  ['confirmed', 'Confirmed'],
  ['cancelled', 'Cancelled by the patient'],
  ['reschedule', 'Wants another time'],
  ['answered', 'Answered, no key pressed'],
  ['busy', 'Line busy'],
  ['no-answer', 'No answer'],
  ['failed', 'Call failed'],
  ['opted-out', 'Not called: opted out'],
  ['withdrawn', 'Withdrawn before dialling'],
  ['in-progress', 'In progress'],
] as const)
export type CallOutcome = typeof CALL_OUTCOMES extends Map<infer K, string> ? K : never

export interface CallFacts {
  callstatus: number
  dialedAt: Date | null
  error: string | null
  result: number
  answeredBy: string | null
  amdBehavior: number | null
  transferredTo: string | null
}

const isMachine = (answeredBy: string | null) => !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax')
/** amd_behavior 2: the call is only for a person (see the calendar setting). */
const HUMAN_ONLY = 2

/** A call's outcome in words; the carrier's own error text follows where it helps. */
export function callWords(c: CallFacts): Words {
  if (c.error?.startsWith('do-not-contact')) return { text: 'Not called: number opted out', tone: 'bad' }
  switch (c.callstatus) {
    case CallStatus.queued: return { text: c.dialedAt ? 'Dialling…' : 'Waiting for a free line', tone: 'wait' }
    case CallStatus.ringing: return { text: 'Ringing…', tone: 'wait' }
    case CallStatus.inProgress: return { text: 'On the phone now', tone: 'wait' }
    case CallStatus.busy: return { text: 'Line busy', tone: 'bad' }
    case CallStatus.noAnswer: return { text: 'No answer', tone: 'bad' }
    case CallStatus.canceled: return { text: 'Withdrawn before it was answered', tone: 'neutral' }
    case CallStatus.failed: {
      if (c.error?.startsWith('provider:')) return { text: 'Call failed: the carrier refused it', tone: 'bad' }
      if (c.error?.startsWith('lost while dialling')) return { text: 'Call failed: the carrier never confirmed it', tone: 'bad' }
      return { text: 'Call failed', tone: 'bad' }
    }
    case CallStatus.completed:
      if (isMachine(c.answeredBy) && c.amdBehavior === HUMAN_ONLY) return { text: 'Answering machine: hung up (this call needs a person)', tone: 'bad' }
      return { text: callResultWords(c.result, c.answeredBy, c.transferredTo), tone: 'ok' }
    default: return { text: 'Not started', tone: 'neutral' }
  }
}

/** Who picked up, as far as answering-machine detection tells (without it, only that someone or something did). */
export function answeredByWords(answeredBy: string | null, answeredAt: Date | null): string {
  if (!answeredBy) return answeredAt ? 'Answered (this line does not tell people from machines)' : 'Not answered'
  if (answeredBy === 'human') return 'A person'
  if (answeredBy === 'fax') return 'A fax machine'
  if (answeredBy.startsWith('machine')) return 'An answering machine'
  return 'Not known'
}

/**
 * One answer as a moment of the conversation: what the patient was asked (tags filled as they were spoken), what they
 * did, and what they heard in reply (the prompt of the step their key led to).
 */
export function answerWords(definition: unknown, context: unknown, nodeId: string, response: string): { asked: string; answer: string; reply: string | null } {
  const nodes = (definition as SurveyDefinition | null)?.nodes ?? []
  const say = (id: string | undefined) => {
    const script = nodes.find((n) => n.id === id)?.prompt?.script
    return script ? fillTags(script, (context ?? {}) as IvrContext, 'plain') : null
  }
  const node = nodes.find((n) => n.id === nodeId)
  const choice = node?.choices?.[response]
  const pressed = /^[0-9*#]+$/.test(response) ? `Pressed ${response}${choice ? ` (${choice})` : ''}` : `Said: ${response}`
  const next = node?.branches?.[response] ?? node?.branches?.default ?? undefined
  return { asked: say(nodeId) ?? '(a question of the call script)', answer: response === '' ? 'No answer' : pressed, reply: say(next) }
}
