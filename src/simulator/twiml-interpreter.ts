import type { CallSession } from './call-session.js'
import { runVerb, type VerbContext, type VerbOutcome } from './twiml-verbs.js'
import { childElements, parseXml, type XmlElement } from './xml.js'

export type Fetch = Extract<VerbOutcome, { next: 'fetch' }>

/** Why the call ended, and the action request still to be sent when the callee hung up as they pressed. */
export interface TwimlEnd {
  reason: string
  lateAction?: Fetch
}

/**
 * Runs an answered call: fetches TwiML from the voice URL, executes it verb by verb, follows
 * actions and redirects, and returns why the call ended. A REST redirect interrupts whatever is
 * playing and starts over from the new URL, as on Twilio.
 */
export async function runTwiml(session: CallSession, deps: Omit<VerbContext, 'session' | 'documentUrl'>): Promise<TwimlEnd> {
  let step: Fetch = { next: 'fetch', kind: 'voice', url: session.setup.url, method: session.setup.method, params: {} }
  for (;;) {
    let outcome: VerbOutcome
    try {
      const document = await fetchTwiml(session, step)
      outcome = document === null ? { next: 'end', reason: 'application error' } : await execute(session, deps, step.url, document)
    } catch (err) {
      const why = session.interruption()
      if (why?.type !== 'redirect') throw err
      session.resume()
      session.note({ kind: 'redirect', url: why.url, text: 'redirected through the REST API' })
      outcome = { next: 'fetch', kind: 'redirect', url: why.url, method: why.method, params: {} }
    }
    if (outcome.next === 'end') return { reason: outcome.reason }
    if (outcome.next === 'fetch' && outcome.afterHangup) return { reason: 'the callee hung up as they pressed', lateAction: outcome }
    if (outcome.next === 'fetch') step = outcome
  }
}

async function execute(
  session: CallSession,
  deps: Omit<VerbContext, 'session' | 'documentUrl'>,
  documentUrl: string,
  document: XmlElement,
): Promise<VerbOutcome> {
  const ctx: VerbContext = { ...deps, session, documentUrl }
  for (const verb of childElements(document)) {
    const outcome = await runVerb(ctx, verb)
    if (outcome.next !== 'continue') return outcome
  }
  return { next: 'end', reason: 'end of TwiML' }
}

/** Twilio's "application error": a failed request or unparsable TwiML ends the call. */
async function fetchTwiml(session: CallSession, step: Fetch): Promise<XmlElement | null> {
  const params = { ...session.voiceParams(), ...step.params }
  const result = await session.webhook(step.kind, step.url, step.method, params)
  const fail = (message: string): null => {
    session.note({ kind: 'error', text: message })
    return null
  }
  if (!result.ok) {
    const answer = result.attempt.status === null ? result.attempt.error : `HTTP ${result.attempt.status}`
    return fail(`${step.kind} webhook ${step.method} ${step.url} failed: ${answer}`)
  }
  try {
    const document = parseXml(result.body)
    if (document.name !== 'Response') return fail(`TwiML root must be <Response>, got <${document.name}> from ${step.url}`)
    return document
  } catch (err) {
    return fail(`invalid TwiML from ${step.url}: ${(err as Error).message}`)
  }
}
