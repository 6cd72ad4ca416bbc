import { DEFAULT_CALLEE } from './callee-script.js'
import { DEFAULT_LIMITS, type CalleeScript, type RestFault, type SimCall, type SimLimits, type SimMessage, type SimRefusal } from './types.js'

export interface SimulatorStore {
  addCall(call: SimCall): void
  getCall(sid: string): SimCall | undefined
  /** Newest first. */
  listCalls(filter?: { to?: string }): SimCall[]
  addMessage(message: SimMessage): void
  getMessage(sid: string): SimMessage | undefined
  listMessages(filter?: { to?: string }): SimMessage[]
  /** The script for a number: its own, else the default callee. Always a fresh copy. */
  scriptFor(number: string): CalleeScript
  getScript(number: string): CalleeScript | undefined
  setScript(number: string, script: CalleeScript): void
  /** False when the number had no script of its own. */
  deleteScript(number: string): boolean
  resetScripts(): void
  setFault(fault: RestFault | null): void
  getFault(): RestFault | null
  /** Consumes one injected failure, if any is left. */
  takeFault(): RestFault['status'] | null
  clearHistory(): void
  limits(): SimLimits
  setLimits(limits: SimLimits): void
  /** The error_code scripted for a number, if any. */
  errorCodeOf(number: string): number | null
  addRefusal(refusal: SimRefusal): void
  /** Oldest first. */
  listRefusals(): SimRefusal[]
  /** The account that last made a call or sent a text from `number`: it owns the number, and signs texts to it. */
  rememberNumber(number: string, account: NumberAccount): void
  numberAccount(number: string): NumberAccount | undefined
  /** Advanced Opt-Out: `recipient` texted an opt-out keyword to `sender`; texts from `sender` to them fail with 21610. */
  setOptedOut(sender: string, recipient: string, optedOut: boolean): void
  isOptedOut(sender: string, recipient: string): boolean
}

export interface NumberAccount { accountSid: string; authToken: string }

/** Keeps the last `maxRecords` calls and messages; a long-running demo server must not grow forever. */
export function createSimulatorStore({ maxRecords, limits: initialLimits }: { maxRecords: number; limits?: Partial<SimLimits> }): SimulatorStore {
  let limits: SimLimits = { ...DEFAULT_LIMITS, ...initialLimits }
  const refusals: SimRefusal[] = []
  const calls = new Map<string, SimCall>()
  const messages = new Map<string, SimMessage>()
  const scripts = new Map<string, CalleeScript>()
  const accounts = new Map<string, NumberAccount>()
  const optedOut = new Set<string>()
  let fault: RestFault | null = null

  function addCapped<T>(map: Map<string, T>, sid: string, value: T): void {
    map.set(sid, value)
    // Maps iterate in insertion order, so the first key is the oldest record.
    for (const oldest of map.keys()) {
      if (map.size <= maxRecords) break
      map.delete(oldest)
    }
  }

  function newestFirst<T extends { to: string }>(map: Map<string, T>, to: string | undefined): T[] {
    const all = [...map.values()].reverse()
    return to === undefined ? all : all.filter((r) => r.to === to)
  }

  const copy = (s: CalleeScript): CalleeScript => ({ ...s, presses: [...s.presses] })

  return {
    addCall: (call) => addCapped(calls, call.sid, call),
    getCall: (sid) => calls.get(sid),
    listCalls: (filter = {}) => newestFirst(calls, filter.to),
    addMessage: (message) => addCapped(messages, message.sid, message),
    getMessage: (sid) => messages.get(sid),
    listMessages: (filter = {}) => newestFirst(messages, filter.to),
    scriptFor: (number) => copy(scripts.get(number) ?? DEFAULT_CALLEE),
    getScript: (number) => {
      const script = scripts.get(number)
      return script && copy(script)
    },
    setScript: (number, script) => void scripts.set(number, copy(script)),
    deleteScript: (number) => scripts.delete(number),
    resetScripts: () => scripts.clear(),
    setFault: (next) => {
      fault = next && next.count > 0 ? { ...next } : null
    },
    getFault: () => fault && { ...fault },
    takeFault: () => {
      if (fault === null) return null
      const status = fault.status
      fault = fault.count > 1 ? { ...fault, count: fault.count - 1 } : null
      return status
    },
    clearHistory: () => {
      calls.clear()
      messages.clear()
      refusals.length = 0
    },
    addRefusal: (refusal) => {
      refusals.push(refusal)
      if (refusals.length > maxRecords) refusals.shift()
    },
    listRefusals: () => [...refusals],
    limits: () => ({ ...limits }),
    setLimits: (next) => {
      limits = { ...next }
    },
    errorCodeOf: (number) => scripts.get(number)?.error_code ?? null,
    rememberNumber: (number, account) => void accounts.set(number, { ...account }),
    numberAccount: (number) => accounts.get(number),
    setOptedOut: (sender, recipient, out) => void (out ? optedOut.add(`${sender} ${recipient}`) : optedOut.delete(`${sender} ${recipient}`)),
    isOptedOut: (sender, recipient) => optedOut.has(`${sender} ${recipient}`),
  }
}
