import type { TranscriptKind } from './types.js'

/** What happens on a number's line, live: the call's transcript plus its progress. */
export type LineEventKind = TranscriptKind | 'ringing' | 'answered' | 'listening' | 'ended'

export interface LineEvent {
  /** Increases across all numbers, so a listener's cursor survives a line being forgotten. */
  seq: number
  at: string
  call_sid: string
  kind: LineEventKind
  text?: string
  digits?: string
  url?: string
  number?: string
  seconds?: number
  /** The caller, on `ringing`. */
  from?: string
  /** The final call status, on `ended`. */
  status?: string
}

export interface PhoneLines {
  publish(number: string, event: Omit<LineEvent, 'seq' | 'at'>): void
  /** Events after `after` (all kept ones when null); waits up to `waitMs` for one when there are none yet. */
  events(number: string, after: number | null, waitMs: number, signal?: AbortSignal): Promise<{ events: LineEvent[]; next: number }>
  /** Keys typed by the person on the line, kept until a <Gather> or <Record> takes them. */
  press(number: string, digits: string): void
  /** The next keys typed, waiting up to `waitMs`; undefined when none came. Rejects when `signal` aborts. */
  nextPress(number: string, waitMs: number, signal: AbortSignal): Promise<string | undefined>
  clearPresses(number: string): void
  /** Answers every held request, so a server can close. */
  close(): void
}

interface Line {
  events: LineEvent[]
  presses: string[]
  wake: Set<() => void>
}

/** Bounded: the newest `maxEvents` events of the `maxLines` most recently active numbers. */
export function createPhoneLines({ maxLines = 1000, maxEvents = 200 } = {}): PhoneLines {
  const lines = new Map<string, Line>()
  let seq = 0
  let closed = false

  function lineFor(number: string): Line {
    let line = lines.get(number)
    if (line === undefined) {
      line = { events: [], presses: [], wake: new Set() }
    } else {
      lines.delete(number)
    }
    // Re-inserted so the map's first keys are the least recently active lines.
    lines.set(number, line)
    for (const [oldest, old] of lines) {
      if (lines.size <= maxLines) break
      // A line someone is listening on stays, or their wake-up would go to a forgotten object.
      if (oldest !== number && old.wake.size === 0) lines.delete(oldest)
    }
    return line
  }

  function wakeAll(line: Line): void {
    const waiting = [...line.wake]
    line.wake.clear()
    for (const wake of waiting) wake()
  }

  /** Resolves on the next wake-up, after `ms`, or on abort, whichever is first. */
  function wait(line: Line, ms: number, signal?: AbortSignal): Promise<void> {
    if (closed || ms <= 0 || signal?.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        line.wake.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      line.wake.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }

  const after = (line: Line, cursor: number | null) =>
    cursor === null ? [...line.events] : line.events.filter((e) => e.seq > cursor)

  return {
    publish(number, event) {
      const line = lineFor(number)
      line.events.push({ seq: ++seq, at: new Date().toISOString(), ...event })
      if (line.events.length > maxEvents) line.events.splice(0, line.events.length - maxEvents)
      wakeAll(line)
    },
    async events(number, cursor, waitMs, signal) {
      const line = lineFor(number)
      // A cursor from before a restart: everything kept now is news to the listener.
      if (cursor !== null && cursor > seq) cursor = 0
      let found = after(line, cursor)
      if (found.length === 0 && cursor !== null) {
        await wait(line, waitMs, signal)
        found = after(line, cursor)
      }
      return { events: found, next: found.at(-1)?.seq ?? cursor ?? seq }
    },
    press(number, digits) {
      const line = lineFor(number)
      line.presses.push(digits)
      wakeAll(line)
    },
    async nextPress(number, waitMs, signal) {
      const line = lineFor(number)
      const deadline = Date.now() + waitMs
      while (line.presses.length === 0) {
        signal.throwIfAborted()
        const left = deadline - Date.now()
        if (left <= 0 || closed) return undefined
        await wait(line, left, signal)
      }
      signal.throwIfAborted()
      return line.presses.shift()
    },
    clearPresses(number) {
      const line = lines.get(number)
      if (line !== undefined) line.presses.length = 0
    },
    close() {
      closed = true
      for (const line of lines.values()) wakeAll(line)
    },
  }
}
